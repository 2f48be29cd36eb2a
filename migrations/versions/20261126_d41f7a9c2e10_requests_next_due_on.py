"""records requests: next_due_on, the earliest due date of the unsettled clocks, indexed

Revision ID: d41f7a9c2e10
Revises: 84f2868032ae
Create Date: 2026-11-26 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd41f7a9c2e10'
down_revision = '84f2868032ae'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN and CREATE INDEX, no batch: on SQLite a batch rebuild of records_requests
    # would cascade-delete its clock events and snapshots (see bench/README.md).
    op.add_column('records_requests', sa.Column('next_due_on', sa.Date(), nullable=True))
    op.create_index('ix_records_requests_next_due_on_id', 'records_requests',
                    ['next_due_on', 'id'], unique=False)

    # Backfill from the snapshots, as foia.requests.clocks keeps it (unknown "settled" counts
    # as unsettled, like the feeds and the dashboard).
    requests = sa.table('records_requests', sa.column('id', sa.Integer()),
                        sa.column('next_due_on', sa.Date()))
    snapshots = sa.table('deadline_snapshots', sa.column('request_id', sa.Integer()),
                         sa.column('due_on', sa.Date()), sa.column('is_settled', sa.Boolean()))
    earliest = (
        sa.select(sa.func.min(snapshots.c.due_on))
        .where(snapshots.c.request_id == requests.c.id,
               snapshots.c.due_on.is_not(None),
               snapshots.c.is_settled.is_not(True))
        .scalar_subquery()
    )
    op.execute(requests.update().values(next_due_on=earliest))


def downgrade():
    op.drop_index('ix_records_requests_next_due_on_id', table_name='records_requests')
    # SQLite 3.35+ drops an unindexed column in place, without a rebuild.
    op.drop_column('records_requests', 'next_due_on')
