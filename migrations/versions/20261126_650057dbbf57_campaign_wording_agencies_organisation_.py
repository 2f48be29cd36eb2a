"""campaign wording, agencies, organisation profile

Revision ID: 650057dbbf57
Revises: a6252ff87df1
Create Date: 2026-11-26 04:31:20.227692

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '650057dbbf57'
down_revision = 'a6252ff87df1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('signature_block', sa.Text(), nullable=False),
    sa.Column('logo_data_url', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_profiles'))
    )
    op.create_table('lawyer_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lawyer_signatures_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lawyer_signatures')),
    sa.UniqueConstraint('user_id', name=op.f('uq_lawyer_signatures_user_id'))
    )
    op.create_table('campaign_agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('letter_revision', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_campaign_agencies_agency_id_agencies')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_agencies_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_agencies')),
    sa.UniqueConstraint('campaign_id', 'agency_id', name=op.f('uq_campaign_agencies_campaign_id_agency_id'))
    )
    with op.batch_alter_table('campaign_agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_agencies_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_agencies_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_agencies_letter_revision'), ['letter_revision'], unique=False)

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_slugs', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('date_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('date_to', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agency_selection', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('approved_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_campaigns_approved_by_id_users'), 'users', ['approved_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_campaigns_approved_by_id_users'), type_='foreignkey')
        batch_op.drop_column('approved_by_id')
        batch_op.drop_column('approved_at')
        batch_op.drop_column('revision')
        batch_op.drop_column('agency_selection')
        batch_op.drop_column('date_to')
        batch_op.drop_column('date_from')
        batch_op.drop_column('category_slugs')

    with op.batch_alter_table('campaign_agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_agencies_letter_revision'))
        batch_op.drop_index(batch_op.f('ix_campaign_agencies_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_agencies_agency_id'))

    op.drop_table('campaign_agencies')
    op.drop_table('lawyer_signatures')
    op.drop_table('organisation_profiles')
