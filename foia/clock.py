"""The one place that reads "now": everything else takes `today` as an argument.

"Today" is the organisation's local date (FOIA_TIMEZONE, default America/New_York), because a
deadline falls due at the end of a US business day, not at midnight UTC.
"""

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    """Return the organisation's time zone."""
    return ZoneInfo(os.environ.get("FOIA_TIMEZONE", "America/New_York"))


def today() -> date:
    """Return today's date in the organisation's time zone."""
    return now().astimezone(local_zone()).date()
