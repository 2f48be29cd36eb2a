"""agencies: a trigram index on search_text for the directory's search (PostgreSQL only)

Revision ID: e7b3c95a1d42
Revises: d41f7a9c2e10
Create Date: 2026-11-26 06:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7b3c95a1d42'
down_revision = 'd41f7a9c2e10'
branch_labels = None
depends_on = None


def upgrade():
    # The directory searches with LIKE '%words%'. On PostgreSQL a pg_trgm GIN index answers that
    # for rare words without reading 20,000 rows; SQLite has no such index and scans (~5 ms).
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        return
    try:
        # CREATE EXTENSION needs a superuser (or a trusted extension); without it, scan.
        with bind.begin_nested():
            bind.execute(sa.text('CREATE EXTENSION IF NOT EXISTS pg_trgm'))
    except sa.exc.DBAPIError:
        return
    op.execute('CREATE INDEX IF NOT EXISTS ix_agencies_search_text_trgm '
               'ON agencies USING gin (search_text gin_trgm_ops)')


def downgrade():
    # The extension stays: other database objects may use it, and it costs nothing unused.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_agencies_search_text_trgm')
