"""inbound mail: kinds, de-duplication key, delivery failures, IMAP folder state

Revision ID: 3f1a9b7c2d10
Revises: de15acb8bba5
Create Date: 2026-12-02 13:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3f1a9b7c2d10'
down_revision = 'de15acb8bba5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inbound_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedup_key', sa.String(length=600), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='reply'))
        batch_op.add_column(sa.Column('kind_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('tracking_number', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('dismissed_suggestions', sa.JSON(), nullable=False, server_default='[]'))
    # Messages kept before this version were told apart by their bytes alone.
    op.execute("UPDATE inbound_emails SET dedup_key = 'sha256:' || raw_sha256 WHERE dedup_key IS NULL")
    with op.batch_alter_table('inbound_emails', schema=None) as batch_op:
        batch_op.alter_column('dedup_key', existing_type=sa.String(length=600), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_inbound_emails_dedup_key'), ['dedup_key'])
        batch_op.create_index(batch_op.f('ix_inbound_emails_kind'), ['kind'], unique=False)

    op.create_table('delivery_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_email_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('outbound_email_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inbound_email_id'], ['inbound_emails.id'], name=op.f('fk_delivery_failures_inbound_email_id_inbound_emails'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbound_email_id'], ['outbound_emails.id'], name=op.f('fk_delivery_failures_outbound_email_id_outbound_emails'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['records_requests.id'], name=op.f('fk_delivery_failures_request_id_records_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_delivery_failures_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_failures'))
    )
    with op.batch_alter_table('delivery_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_failures_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_failures_inbound_email_id'), ['inbound_email_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_failures_outbound_email_id'), ['outbound_email_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_failures_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=254), nullable=True))

    op.create_table('imap_folder_states',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailbox', sa.String(length=600), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('last_uid', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imap_folder_states')),
    sa.UniqueConstraint('mailbox', name=op.f('uq_imap_folder_states_mailbox'))
    )


def downgrade():
    op.drop_table('imap_folder_states')
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.drop_column('reply_to')
    op.drop_table('delivery_failures')
    with op.batch_alter_table('inbound_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_emails_kind'))
        batch_op.drop_constraint(batch_op.f('uq_inbound_emails_dedup_key'), type_='unique')
        batch_op.drop_column('dismissed_suggestions')
        batch_op.drop_column('tracking_number')
        batch_op.drop_column('kind_reason')
        batch_op.drop_column('kind')
        batch_op.drop_column('dedup_key')
