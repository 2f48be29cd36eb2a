"""The documents package's names other packages read: its cron job's name and staleness limit."""

#: The name `flask documents extract` records its runs under; the status page reads it.
EXTRACT_JOB = "documents extract"
#: Run every few minutes by cron: without a success for this long, the status page warns.
EXTRACT_STALE_MINUTES = 30
