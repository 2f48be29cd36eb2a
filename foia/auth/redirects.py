"""Where to send a person after logging in: only ever a path on this site.

Browsers are lenient with a Location header: they drop tabs and line breaks anywhere, read a
backslash as a slash and `//host` as another site, so `/\t/evil.example` means
`//evil.example`. A target with any of those goes nowhere but home; everything else that is a
path is percent-encoded so that the header holds only safe ASCII.
"""

import re
from urllib.parse import quote

#: Control characters (a browser drops tabs and line breaks) and the backslash (read as "/").
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")
#: RFC 3986 reserved characters and "%": kept as they are (existing escapes stay escaped).
_KEEP = "/?#[]@!$&'()*+,;=:%~"


def same_origin_path(target: str | None) -> str | None:
    """Return `target` as a header-safe path on this site, or None if it could lead elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if _UNSAFE.search(target):
        return None
    return quote(target, safe=_KEEP)
