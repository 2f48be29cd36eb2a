"""records requests remember what a scorecard reads: receipt, first reply, first answer, first extension claimed, the response deadlines

A page of scorecards folded every event and snapshot of its agencies' requests (2,000 requests
and 11,000 rows for the 50 agencies with most requests: 48-69 ms of a 91-112 ms page on
PostgreSQL); the request rows now remember the result, kept by foia.requests.operations (the
ledger's dates) and foia.requests.clocks (the deadlines), as the de15acb8bba5 columns are.

Revision ID: 5b9e2d7c4a10
Revises: 0c5e1b7a9d24
Create Date: 2026-12-04 05:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b9e2d7c4a10'
down_revision = '0c5e1b7a9d24'
branch_labels = None
depends_on = None

# The kinds foia.requests.status.first_dates folds, frozen here: a migration must not change
# when the code does.
ANSWER_KINDS = ('partial_release', 'final_response', 'denial', 'no_records')
FIRST_REPLY_KINDS = (
    *ANSWER_KINDS, 'acknowledged', 'clarification_requested', 'fee_estimate', 'extension_claimed'
)
COLUMNS = (
    'received_on',
    'first_reply_on',
    'answered_on',
    'extension_claimed_on',
    'response_due_on',
    'extended_due_on',
)


def upgrade():
    # Plain ADD COLUMN, no batch: on SQLite a batch rebuild of records_requests would
    # cascade-delete its clock events and snapshots (see bench/README.md).
    for name in COLUMNS:
        op.add_column('records_requests', sa.Column(name, sa.Date(), nullable=True))
    _backfill()


def _backfill():
    """Fill the new columns as foia.requests.operations and foia.requests.clocks keep them."""
    requests = sa.table('records_requests', sa.column('id', sa.Integer()),
                        *(sa.column(name, sa.Date()) for name in COLUMNS))
    events = sa.table('clock_events', sa.column('request_id', sa.Integer()),
                      sa.column('kind', sa.String()), sa.column('occurred_on', sa.Date()),
                      sa.column('removed_at', sa.DateTime()))
    snapshots = sa.table('deadline_snapshots', sa.column('request_id', sa.Integer()),
                         sa.column('kind', sa.String()), sa.column('due_on', sa.Date()))

    def first(*kinds):
        # The earliest active event of these kinds (a removed event is not in the ledger).
        return (
            sa.select(sa.func.min(events.c.occurred_on))
            .where(events.c.request_id == requests.c.id, events.c.removed_at.is_(None),
                   events.c.kind.in_(kinds))
            .scalar_subquery()
        )

    def due(kind):
        return (
            sa.select(snapshots.c.due_on)
            .where(snapshots.c.request_id == requests.c.id, snapshots.c.kind == kind)
            .scalar_subquery()
        )

    op.execute(
        requests.update().values(
            received_on=sa.func.coalesce(first('received'), first('filed')),
            first_reply_on=first(*FIRST_REPLY_KINDS),
            answered_on=first(*ANSWER_KINDS),
            extension_claimed_on=first('extension_claimed'),
            response_due_on=due('response'),
            extended_due_on=due('extended_response'),
        )
    )


def downgrade():
    # SQLite 3.35+ drops an unindexed column in place, without a rebuild.
    for name in reversed(COLUMNS):
        op.drop_column('records_requests', name)
