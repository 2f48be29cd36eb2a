"""records requests, clock ledger, deadline snapshots

Revision ID: bb41f46591a4
Revises: ba08e3a6bc05
Create Date: 2026-11-26 04:11:59.544928

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bb41f46591a4'
down_revision = 'ba08e3a6bc05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('records_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('volunteer_id', sa.Integer(), nullable=True),
    sa.Column('is_expedited', sa.Boolean(), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_records_requests_agency_id_agencies')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_records_requests_owner_id_users')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_records_requests_volunteer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records_requests')),
    sa.UniqueConstraint('reference', name=op.f('uq_records_requests_reference'))
    )
    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_records_requests_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_requests_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_requests_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_requests_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('clock_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('occurred_at_time', sa.Time(), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('is_estimated', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_clock_events_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['request_id'], ['records_requests.id'], name=op.f('fk_clock_events_request_id_records_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clock_events'))
    )
    with op.batch_alter_table('clock_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clock_events_request_id'), ['request_id'], unique=False)

    op.create_table('deadline_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['records_requests.id'], name=op.f('fk_deadline_snapshots_request_id_records_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_snapshots')),
    sa.UniqueConstraint('request_id', 'kind', name=op.f('uq_deadline_snapshots_request_id_kind'))
    )
    with op.batch_alter_table('deadline_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_snapshots_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadline_snapshots_request_id'), ['request_id'], unique=False)



def downgrade():
    with op.batch_alter_table('deadline_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_snapshots_request_id'))
        batch_op.drop_index(batch_op.f('ix_deadline_snapshots_due_on'))

    op.drop_table('deadline_snapshots')
    with op.batch_alter_table('clock_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clock_events_request_id'))

    op.drop_table('clock_events')
    with op.batch_alter_table('records_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_records_requests_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_records_requests_owner_id'))
        batch_op.drop_index(batch_op.f('ix_records_requests_closed_at'))
        batch_op.drop_index(batch_op.f('ix_records_requests_agency_id'))

    op.drop_table('records_requests')
