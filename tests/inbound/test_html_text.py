"""HTML-only agency mail is laid out as text by a library (inscriptis), not a regex."""

from email.message import EmailMessage

from foia.inbound.mailread import first_text, html_to_text


def html_only(html: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = "Re: FR-2026-00042"
    message.set_content(html, subtype="html")
    return message


def test_an_html_only_reply_reads_as_text_with_its_layout():
    html = (
        "<p>Dear requester,</p><p>Records &amp; fees:</p>"
        "<table><tr><td>Item</td><td>Fee</td></tr><tr><td>Audit log</td><td>$25</td></tr></table>"
        "<script>alert('x')</script><ul><li>one</li><li>two</li></ul>"
    )
    text = first_text(html_only(html))
    assert "Records & fees:" in text  # entities decoded, which the regex did not do
    assert "alert" not in text  # script content is not text
    assert "<" not in text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Dear requester," in lines
    assert any("Audit log" in line and "$25" in line for line in lines)  # a table row on one line
    assert "* one" in lines and "* two" in lines


def test_broken_html_never_raises():
    assert isinstance(html_to_text("<table><tr><td><<<>>>&#xffffffff;"), str)
