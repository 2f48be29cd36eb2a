"""records requests: who closed a request and why (issue 16)

A lawyer closes a request with a reason and an optional note, and may reopen it; `closed_at`
existed already. Existing requests are open (closed_at empty), so the new columns stay empty.

Revision ID: b8d2f4a6c1e3
Revises: e4f1b2c3d5a6
Create Date: 2026-12-03 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d2f4a6c1e3'
down_revision = 'e4f1b2c3d5a6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('close_reason', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('close_note', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_records_requests_closed_by_id_users'), 'users', ['closed_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_records_requests_closed_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('close_note')
        batch_op.drop_column('close_reason')
        batch_op.drop_column('closed_by_id')
