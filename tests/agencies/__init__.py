"""Tests of the agency directory."""
