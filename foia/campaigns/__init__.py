"""Campaigns: one master request sent to many agencies."""
