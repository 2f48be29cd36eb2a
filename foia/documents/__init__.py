"""Documents: files stored once by content hash."""
