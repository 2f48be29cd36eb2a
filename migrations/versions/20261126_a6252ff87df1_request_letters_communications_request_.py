"""request letters, communications, request template fields

Revision ID: a6252ff87df1
Revises: 96829824a437
Create Date: 2026-11-26 04:28:31.006654

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6252ff87df1'
down_revision = '96829824a437'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('request_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['records_requests.id'], name=op.f('fk_request_letters_request_id_records_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_letters'))
    )
    with op.batch_alter_table('request_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_letters_request_id'), ['request_id'], unique=False)

    op.create_table('communications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('sender', sa.String(length=300), nullable=False),
    sa.Column('recipient', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tracking', sa.String(length=300), nullable=False),
    sa.Column('delivery_proof', sa.Text(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=True),
    sa.Column('outbound_email_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['request_letters.id'], name=op.f('fk_communications_letter_id_request_letters')),
    sa.ForeignKeyConstraint(['outbound_email_id'], ['outbound_emails.id'], name=op.f('fk_communications_outbound_email_id_outbound_emails')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_communications_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['records_requests.id'], name=op.f('fk_communications_request_id_records_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_communications'))
    )
    with op.batch_alter_table('communications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communications_occurred_on'), ['occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_communications_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template_slug', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('category_slugs', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('date_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('date_to', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('filing_channel', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('is_in_litigation', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.drop_column('is_in_litigation')
        batch_op.drop_column('filing_channel')
        batch_op.drop_column('date_to')
        batch_op.drop_column('date_from')
        batch_op.drop_column('category_slugs')
        batch_op.drop_column('template_slug')

    with op.batch_alter_table('communications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communications_request_id'))
        batch_op.drop_index(batch_op.f('ix_communications_occurred_on'))

    op.drop_table('communications')
    with op.batch_alter_table('request_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_letters_request_id'))

    op.drop_table('request_letters')
