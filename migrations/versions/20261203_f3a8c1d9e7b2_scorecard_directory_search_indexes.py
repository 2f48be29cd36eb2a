"""indexes for the scorecards' ranking, the directory's search and full-text search (issue 18)

- records_requests (agency_id, closed_at, next_agency_due_on): the scorecards count requests,
  open and overdue ones per agency from the index alone.
- clock_events (occurred_on): the scorecards find the rare impossible dates without a scan.
- SQLite: agencies (name, id, search_text): the directory's search walks its order and tests
  LIKE on the index entries, instead of reading and sorting every row. PostgreSQL has the
  trigram index and its name index for that (and a B-tree could not hold every search_text).
- PostgreSQL: search_entries.tsv is stored in the row (STORAGE MAIN), not in the TOAST table.
  The planner counts the pages of the table, not of its TOAST table: with 6 KB tsvectors out of
  line, 100,000 entries made a 1,539-page table, so it scanned it for a common word and read a
  tsvector per row (10,000 detoasted to find 2,000 matches, 470 ms) rather than take the GIN
  index, unless told to (`SET LOCAL enable_seqscan = off`, now gone). In the row, the table's
  size is the truth and the GIN index wins on cost. Existing rows move in by VACUUM FULL.

Revision ID: f3a8c1d9e7b2
Revises: b8d2f4a6c1e3
Create Date: 2026-12-03 16:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3a8c1d9e7b2'
down_revision = 'b8d2f4a6c1e3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_records_requests_agency_scorecard',
        'records_requests',
        ['agency_id', 'closed_at', 'next_agency_due_on'],
        unique=False,
    )
    op.create_index('ix_clock_events_occurred_on', 'clock_events', ['occurred_on'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE search_entries ALTER COLUMN tsv SET STORAGE MAIN')
        # VACUUM cannot run inside the migration's transaction; on an empty table it is instant.
        with op.get_context().autocommit_block():
            op.execute('VACUUM (FULL, ANALYZE) search_entries')
    else:
        op.create_index(
            'ix_agencies_name_id_search_text', 'agencies', ['name', 'id', 'search_text']
        )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE search_entries ALTER COLUMN tsv SET STORAGE EXTENDED')
    else:
        op.drop_index('ix_agencies_name_id_search_text', table_name='agencies')
    op.drop_index('ix_clock_events_occurred_on', table_name='clock_events')
    op.drop_index('ix_records_requests_agency_scorecard', table_name='records_requests')
