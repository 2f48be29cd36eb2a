"""campaigns: each agency's filing channel, and when a lawyer left it out of the filing

Existing campaign agencies are filed by email, as before, and none is left out.

Revision ID: c41e7d2a9b60
Revises: 5b2d8e61c4a7
Create Date: 2026-12-03 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41e7d2a9b60'
down_revision = '5b2d8e61c4a7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaign_agencies', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('channel', sa.String(length=20), server_default='email', nullable=False)
        )
        batch_op.add_column(sa.Column('left_out_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('campaign_agencies', schema=None) as batch_op:
        batch_op.drop_column('left_out_at')
        batch_op.drop_column('channel')
