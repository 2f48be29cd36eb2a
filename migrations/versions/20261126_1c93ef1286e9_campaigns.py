"""campaigns, and one request per agency per campaign

Revision ID: 1c93ef1286e9
Revises: a9c3e51d7f20
Create Date: 2026-11-26 04:14:58.038041

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1c93ef1286e9'
down_revision = 'a9c3e51d7f20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('template_slug', sa.String(length=80), nullable=True),
    sa.Column('default_owner_id', sa.Integer(), nullable=True),
    sa.Column('default_volunteer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['default_owner_id'], ['users.id'], name=op.f('fk_campaigns_default_owner_id_users')),
    sa.ForeignKeyConstraint(['default_volunteer_id'], ['users.id'], name=op.f('fk_campaigns_default_volunteer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns')),
    sa.UniqueConstraint('name', name=op.f('uq_campaigns_name'))
    )
    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('campaign_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_records_requests_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_records_requests_campaign_id_agency_id'), ['campaign_id', 'agency_id'])
        batch_op.create_foreign_key(batch_op.f('fk_records_requests_campaign_id_campaigns'), 'campaigns', ['campaign_id'], ['id'])



def downgrade():
    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_records_requests_campaign_id_campaigns'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_records_requests_campaign_id_agency_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_records_requests_campaign_id'))
        batch_op.drop_column('campaign_id')

    op.drop_table('campaigns')
