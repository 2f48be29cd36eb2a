"""agencies: index the name (the directory's order) and add search_text (its search)

Revision ID: a9c3e51d7f20
Revises: bb41f46591a4
Create Date: 2026-11-26 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9c3e51d7f20'
down_revision = 'bb41f46591a4'
branch_labels = None
depends_on = None

SEARCHED = ('name', 'municipality', 'county', 'records_officer', 'email')


def upgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agencies_name'), ['name'], unique=False)
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))

    # Filled in Python, as the model does: SQL lower() does not case-fold beyond ASCII on SQLite.
    agencies = sa.table('agencies', sa.column('id', sa.Integer()), sa.column('search_text', sa.Text()),
                        *(sa.column(name, sa.Text()) for name in SEARCHED))
    bind = op.get_bind()
    rows = bind.execute(sa.select(agencies.c.id, *(agencies.c[name] for name in SEARCHED))).all()
    for row in rows:
        text = '\n'.join((value or '').casefold() for value in row[1:])
        bind.execute(agencies.update().where(agencies.c.id == row[0]).values(search_text=text))

    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.alter_column('search_text', server_default=None)


def downgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_column('search_text')
        batch_op.drop_index(batch_op.f('ix_agencies_name'))
