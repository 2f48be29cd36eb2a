"""Reference and demo data, loaded by `flask seed`."""
