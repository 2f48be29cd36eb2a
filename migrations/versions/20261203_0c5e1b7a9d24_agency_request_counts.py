"""agency request counts kept by triggers, for the scorecards' ranking (issue 18)

Every scorecard page ranked the agencies by a GROUP BY over every request (50,000 requests,
17,000 agencies: 30 ms on SQLite, 35-60 on PostgreSQL, most of a page). agency_request_counts
holds, per agency, its name, requests, open requests and open requests due before one reference
day (agency_count_reference.late_before); triggers on records_requests add and subtract on
every insert, update and delete, and a trigger on agencies copies a renamed name, so the counts
are exact whatever writes the rows (the app, a bulk insert, SQL by hand). Adding and
subtracting (never recounting a row from a snapshot) keeps them exact under concurrent
writers; on PostgreSQL an update that keeps its agency writes the agency's row only when the
request opens, closes or crosses the reference day, so most (a due date computed again, a
filing) take no lock on it. The scorecards add the open requests that fell due between the reference day and
today, through ix_records_requests_agency_due; `flask requests recount` moves the day.

Revision ID: 0c5e1b7a9d24
Revises: d2e6a4c8f1b3
Create Date: 2026-12-03 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0c5e1b7a9d24'
down_revision = 'd2e6a4c8f1b3'
branch_labels = None
depends_on = None

# 1 when the row is open and due before the reference day (none: never), else 0.
_LATE = (
    "CASE WHEN {row}.closed_at IS NULL AND {row}.next_agency_due_on"
    " < (SELECT late_before FROM agency_count_reference) THEN 1 ELSE 0 END"
)
_OPEN = "CASE WHEN {row}.closed_at IS NULL THEN 1 ELSE 0 END"
# Add NEW's row to its agency's counts (a first request makes the agency's row).
_ADD = (
    "INSERT INTO agency_request_counts"
    " (agency_id, name, requests, open_requests, late_requests)"
    " SELECT NEW.agency_id, agencies.name, 1, {open}, {late} FROM agencies"
    " WHERE agencies.id = NEW.agency_id"
    " ON CONFLICT (agency_id) DO UPDATE SET"
    " requests = agency_request_counts.requests + 1,"
    " open_requests = agency_request_counts.open_requests + excluded.open_requests,"
    " late_requests = agency_request_counts.late_requests + excluded.late_requests"
).format(open=_OPEN.format(row="NEW"), late=_LATE.format(row="NEW"))
# Take OLD's row off its agency's counts.
_SUBTRACT = (
    "UPDATE agency_request_counts SET requests = requests - 1,"
    " open_requests = open_requests - {open}, late_requests = late_requests - {late}"
    " WHERE agency_id = OLD.agency_id"
).format(open=_OPEN.format(row="OLD"), late=_LATE.format(row="OLD"))
_RENAME = "UPDATE agency_request_counts SET name = NEW.name WHERE agency_id = NEW.id"
# Whether an update changes what the counts hold.
_CHANGED = (
    "OLD.agency_id <> NEW.agency_id"
    " OR (OLD.closed_at IS NULL) <> (NEW.closed_at IS NULL)"
    " OR OLD.next_agency_due_on IS NOT NEW.next_agency_due_on"
)
_COUNTED = ("agency_id", "closed_at", "next_agency_due_on")


def _fill() -> None:
    """Count every agency's requests afresh, late against today (the database's date)."""
    op.execute(
        "INSERT INTO agency_count_reference (id, late_before) VALUES (1, CURRENT_DATE)"
    )
    op.execute(
        "INSERT INTO agency_request_counts"
        " (agency_id, name, requests, open_requests, late_requests)"
        " SELECT r.agency_id, a.name, count(*), sum({open}), sum({late})"
        " FROM records_requests r JOIN agencies a ON a.id = r.agency_id"
        " GROUP BY r.agency_id, a.name".format(
            open=_OPEN.format(row="r"),
            late=_LATE.format(row="r"),
        )
    )


def _sqlite_triggers() -> None:
    op.execute(
        f"CREATE TRIGGER trg_records_requests_count_insert AFTER INSERT ON records_requests"
        f" BEGIN {_ADD}; END"
    )
    op.execute(
        f"CREATE TRIGGER trg_records_requests_count_delete AFTER DELETE ON records_requests"
        f" BEGIN {_SUBTRACT}; END"
    )
    op.execute(
        f"CREATE TRIGGER trg_records_requests_count_update"
        f" AFTER UPDATE OF {', '.join(_COUNTED)} ON records_requests"
        f" WHEN {_CHANGED} BEGIN {_SUBTRACT}; {_ADD}; END"
    )
    op.execute(
        f"CREATE TRIGGER trg_agencies_count_name AFTER UPDATE OF name ON agencies"
        f" WHEN OLD.name <> NEW.name BEGIN {_RENAME}; END"
    )


def _postgresql_triggers() -> None:
    # A request that stays with its agency changes the counts only when it opens, closes or
    # crosses the reference day: most updates (a due date computed again, a filing) then leave
    # the agency's row alone, and take no lock on it that concurrent writers would wait for.
    op.execute(
        f"""
        CREATE FUNCTION count_agency_requests() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            more_open integer;
            more_late integer;
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.agency_id = NEW.agency_id THEN
                more_open := {_OPEN.format(row="NEW")} - {_OPEN.format(row="OLD")};
                more_late := {_LATE.format(row="NEW")} - {_LATE.format(row="OLD")};
                IF more_open <> 0 OR more_late <> 0 THEN
                    UPDATE agency_request_counts SET open_requests = open_requests + more_open,
                        late_requests = late_requests + more_late
                    WHERE agency_id = NEW.agency_id;
                END IF;
                RETURN NULL;
            END IF;
            IF TG_OP <> 'INSERT' THEN
                {_SUBTRACT};
            END IF;
            IF TG_OP <> 'DELETE' THEN
                {_ADD};
            END IF;
            RETURN NULL;
        END $$
        """
    )
    for event in ('insert', 'delete'):
        op.execute(
            f"CREATE TRIGGER trg_records_requests_count_{event} AFTER {event.upper()}"
            f" ON records_requests FOR EACH ROW EXECUTE FUNCTION count_agency_requests()"
        )
    op.execute(
        f"CREATE TRIGGER trg_records_requests_count_update"
        f" AFTER UPDATE OF {', '.join(_COUNTED)} ON records_requests FOR EACH ROW"
        f" WHEN ({_CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')})"
        f" EXECUTE FUNCTION count_agency_requests()"
    )
    op.execute(
        f"""
        CREATE FUNCTION copy_agency_name() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {_RENAME};
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER trg_agencies_count_name AFTER UPDATE OF name ON agencies FOR EACH ROW"
        " WHEN (OLD.name <> NEW.name) EXECUTE FUNCTION copy_agency_name()"
    )


def upgrade():
    op.create_table(
        'agency_count_reference',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('late_before', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_count_reference')),
    )
    op.create_table(
        'agency_request_counts',
        sa.Column('agency_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('requests', sa.Integer(), nullable=False),
        sa.Column('open_requests', sa.Integer(), nullable=False),
        sa.Column('late_requests', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['agency_id'],
            ['agencies.id'],
            name=op.f('fk_agency_request_counts_agency_id_agencies'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('agency_id', name=op.f('pk_agency_request_counts')),
    )
    op.create_index(
        'ix_agency_request_counts_name', 'agency_request_counts', ['name', 'agency_id']
    )
    op.create_index(
        'ix_records_requests_agency_due',
        'records_requests',
        ['next_agency_due_on', 'closed_at', 'agency_id'],
    )
    _fill()
    if op.get_bind().dialect.name == 'postgresql':
        _postgresql_triggers()
        op.execute('ANALYZE agency_request_counts')
    else:
        _sqlite_triggers()


def downgrade():
    for name, table in (
        ('trg_agencies_count_name', 'agencies'),
        ('trg_records_requests_count_update', 'records_requests'),
        ('trg_records_requests_count_delete', 'records_requests'),
        ('trg_records_requests_count_insert', 'records_requests'),
    ):
        if op.get_bind().dialect.name == 'postgresql':
            op.execute(f'DROP TRIGGER IF EXISTS {name} ON {table}')
        else:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION count_agency_requests()')
        op.execute('DROP FUNCTION copy_agency_name()')
    op.drop_index('ix_records_requests_agency_due', table_name='records_requests')
    op.drop_index('ix_agency_request_counts_name', table_name='agency_request_counts')
    op.drop_table('agency_request_counts')
    op.drop_table('agency_count_reference')
