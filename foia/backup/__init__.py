"""Backups: a consistent copy of the database and the documents, and its restoration."""
