"""outbox: outgoing email with attempts, errors and claims

Revision ID: 96829824a437
Revises: 5e7c2a91d4b3
Create Date: 2026-11-26 04:27:11.125174

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '96829824a437'
down_revision = '5e7c2a91d4b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbound_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to_addr', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('message_id', sa.String(length=300), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['records_requests.id'], name=op.f('fk_outbound_emails_request_id_records_requests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outbound_emails_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_emails')),
    sa.UniqueConstraint('key', name=op.f('uq_outbound_emails_key'))
    )
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_emails_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_emails_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_emails_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbound_emails_sent_at'), ['sent_at'], unique=False)

    op.create_table('outbound_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['email_id'], ['outbound_emails.id'], name=op.f('fk_outbound_attachments_email_id_outbound_emails'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_attachments'))
    )
    with op.batch_alter_table('outbound_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_attachments_email_id'), ['email_id'], unique=False)



def downgrade():
    with op.batch_alter_table('outbound_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_attachments_email_id'))

    op.drop_table('outbound_attachments')
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_emails_sent_at'))
        batch_op.drop_index(batch_op.f('ix_outbound_emails_request_id'))
        batch_op.drop_index(batch_op.f('ix_outbound_emails_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_outbound_emails_kind'))

    op.drop_table('outbound_emails')
