"""What a page must not contain for the Content-Security-Policy to hold and XSS to fail.

The browser parses HTML the way tinyhtml5 (an HTML5 parser) does, so an escaped payload stays
text and an unescaped one becomes an element or an attribute that the checks below find.
"""

import tinyhtml5

#: Elements that run code, load other documents or change where the page's links go.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "applet"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster")


def _name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _same_origin(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def problems(html: str) -> list[str]:
    """Return what in `html` would run script, break the policy, or leave the origin."""
    found = []
    for element in tinyhtml5.parse(html).iter():
        tag = _name(element.tag)
        attributes = {str(k).lower(): v for k, v in element.attrib.items()}
        events = sorted(k for k in attributes if k.startswith("on"))
        if events:
            found.append(f"<{tag}> has event handler attributes {events}")
        if tag == "script" and not _same_origin(attributes.get("src", "")):
            found.append(f"inline or third-party <script>: {attributes} {element.text!r:.80}")
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}> element {attributes}")
        if tag == "style" or "style" in attributes:
            found.append(f"inline style on <{tag}> (style-src 'self' blocks it)")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if tag == "link" and not _same_origin(attributes.get("href", "/")):
            found.append(f"<link> to another origin: {attributes}")
        for name in URL_ATTRIBUTES:
            value = "".join(attributes.get(name, "").split()).lower()
            if value.startswith(("javascript:", "vbscript:", "data:text")):
                found.append(f"<{tag} {name}={value[:60]}>")
        if tag == "img" and not (
            _same_origin(attributes.get("src", "/")) or attributes["src"].startswith("data:image/")
        ):
            found.append(f"<img> from another origin or a relative path: {attributes}")
    return found
