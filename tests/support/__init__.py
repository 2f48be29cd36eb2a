"""Helpers and fixtures shared by several test packages (imported, never collected)."""
