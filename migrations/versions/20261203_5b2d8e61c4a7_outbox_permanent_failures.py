"""outbox: a message the mail server refused for good (5xx) is marked failed, never retried

Messages refused before this revision stay queued for retry, as they were: the next 5xx marks
them failed.

Revision ID: 5b2d8e61c4a7
Revises: 88cf497c5495
Create Date: 2026-12-03 10:12:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2d8e61c4a7'
down_revision = '88cf497c5495'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.drop_column('failed_at')
