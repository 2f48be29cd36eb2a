"""records requests remember what the dashboard reads: the decisive event, what waits on us, the next agency due date, the appeal window; drop the closed_at index

Revision ID: de15acb8bba5
Revises: e7b3c95a1d42
Create Date: 2026-11-26 07:40:00.000000

"""
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'de15acb8bba5'
down_revision = 'e7b3c95a1d42'
branch_labels = None
depends_on = None

# The kinds foia.requests.status.derive_status looks at (DECISIVE_KINDS, frozen here: a
# migration must not change when the code does).
DECISIVE_KINDS = (
    'filed', 'received', 'acknowledged', 'clarification_requested', 'clarification_answered',
    'fee_estimate', 'fee_paid', 'fee_waived', 'extension_claimed', 'partial_release',
    'final_response', 'denial', 'no_records', 'appeal_filed', 'withdrawn', 'appeal_decided',
)


REMEMBERED = (
    ('decisive_kind', sa.String(length=40)),
    ('fee_waiting_since', sa.Date()),
    ('clarification_waiting_since', sa.Date()),
    ('next_agency_due_on', sa.Date()),
    ('next_agency_due_kind', sa.String(length=40)),
    ('appeal_due_on', sa.Date()),
)


def upgrade():
    # Plain ADD COLUMN and index statements, no batch: on SQLite a batch rebuild of
    # records_requests would cascade-delete its clock events and snapshots (see bench/README.md).
    for name, type_ in REMEMBERED:
        op.add_column('records_requests', sa.Column(name, type_, nullable=True))
    op.create_index('ix_clock_events_request_id_kind', 'clock_events', ['request_id', 'kind'],
                    unique=False)
    op.drop_index('ix_clock_events_request_id', table_name='clock_events')
    # Nine requests in ten are open: SQLite, which has no statistics unless ANALYZE runs, took
    # "closed_at IS NULL" for a selective index and walked every open request through it.
    op.drop_index('ix_records_requests_closed_at', table_name='records_requests')
    _backfill()


def _backfill():
    """Fill the new columns as foia.requests.operations and foia.requests.clocks keep them."""
    requests = sa.table('records_requests', sa.column('id', sa.Integer()),
                        *(sa.column(name, type_) for name, type_ in REMEMBERED))
    events = sa.table('clock_events', sa.column('id', sa.Integer()),
                      sa.column('request_id', sa.Integer()), sa.column('kind', sa.String()),
                      sa.column('occurred_on', sa.Date()))
    snapshots = sa.table('deadline_snapshots', sa.column('request_id', sa.Integer()),
                         sa.column('kind', sa.String()), sa.column('due_on', sa.Date()),
                         sa.column('is_settled', sa.Boolean()))

    # The decisive event: a withdrawal first, a receipt last, otherwise the latest by date, id.
    rank = sa.case((events.c.kind == 'withdrawn', 0), (events.c.kind == 'received', 2), else_=1)
    decisive = (
        sa.select(events.c.kind)
        .where(events.c.request_id == requests.c.id, events.c.kind.in_(DECISIVE_KINDS))
        .order_by(rank, events.c.occurred_on.desc(), events.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )

    def latest(*kinds):
        return (
            sa.select(sa.func.max(events.c.occurred_on))
            .where(events.c.request_id == requests.c.id, events.c.kind.in_(kinds))
            .scalar_subquery()
        )

    def waiting(ask, *answers):
        # Open when no answer is as late as the latest ask.
        never = sa.literal(date(1, 1, 1), sa.Date())
        return sa.case((latest(ask) > sa.func.coalesce(latest(*answers), never), latest(ask)))

    # Unknown "settled" counts as unsettled, as in the next_due_on backfill.
    unsettled = sa.and_(
        snapshots.c.request_id == requests.c.id,
        snapshots.c.due_on.is_not(None),
        snapshots.c.is_settled.is_not(True),
    )
    agency_next = (
        sa.select(snapshots.c.due_on, snapshots.c.kind)
        .where(unsettled, snapshots.c.kind != 'appeal')
        .order_by(snapshots.c.due_on, snapshots.c.kind)
        .limit(1)
    )
    op.execute(
        requests.update().values(
            decisive_kind=decisive,
            fee_waiting_since=waiting('fee_estimate', 'fee_paid', 'fee_waived'),
            clarification_waiting_since=waiting(
                'clarification_requested', 'clarification_answered'
            ),
            next_agency_due_on=agency_next.with_only_columns(snapshots.c.due_on).scalar_subquery(),
            next_agency_due_kind=agency_next.with_only_columns(snapshots.c.kind).scalar_subquery(),
            appeal_due_on=(
                sa.select(sa.func.min(snapshots.c.due_on))
                .where(unsettled, snapshots.c.kind == 'appeal')
                .scalar_subquery()
            ),
        )
    )


def downgrade():
    op.create_index('ix_records_requests_closed_at', 'records_requests', ['closed_at'],
                    unique=False)
    op.create_index('ix_clock_events_request_id', 'clock_events', ['request_id'], unique=False)
    op.drop_index('ix_clock_events_request_id_kind', table_name='clock_events')
    # SQLite 3.35+ drops an unindexed column in place, without a rebuild.
    for name, _ in reversed(REMEMBERED):
        op.drop_column('records_requests', name)
