"""clock events: a removed ledger event is kept, with who removed it, when and why (issue 16)

Existing events are all active (removed_at empty).

Revision ID: e4f1b2c3d5a6
Revises: a7c3e91f5d28
Create Date: 2026-12-03 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4f1b2c3d5a6'
down_revision = 'a7c3e91f5d28'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clock_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removed_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_clock_events_removed_by_id_users'), 'users', ['removed_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('clock_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_clock_events_removed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('removed_reason')
        batch_op.drop_column('removed_by_id')
        batch_op.drop_column('removed_at')
