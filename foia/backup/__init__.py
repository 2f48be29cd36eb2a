"""Backups you can restore: a consistent copy of the database and the documents, checked, and
restored all or nothing (docs/backups.md).

manifest.py  what a backup holds, with a SHA-256 of every file
snapshot.py  `backup create`: database, counts and referenced files from one snapshot
verify.py    `backup verify`: every check a restore makes, changing nothing
restore.py   `backup restore` / `backup recover`: prepare beside the live data, then swap
slots.py     the live places and the copies beside them (documents, SQLite, PostgreSQL)
journal.py   where an unfinished restore stands
content.py, sqlite.py, postgres.py   reading and copying databases
"""
