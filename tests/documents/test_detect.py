"""Types from content, and safe names. Pure: no app."""

import pytest

from foia.documents.detect import detect_type, safe_filename, serving_type


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        (b"GIF89a..", "image/gif"),
        (b"II*\x00....", "image/tiff"),
        (b"PK\x03\x04....", "application/zip"),
        (b"  <!DOCTYPE html><html>", "text/html"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>", "image/svg+xml"),
        (b"From a@b Thu Nov 26 10:00:00 2026\nFrom: a@b\n", "application/mbox"),
        (b"From: a@b\nTo: c@d\nSubject: x\n\nbody", "message/rfc822"),
        (b"plain words", "text/plain"),
        (b"\x00\x01\x02binary", "application/octet-stream"),
    ],
)
def test_types_come_from_content(data, expected):
    assert detect_type(data) == expected


def test_active_content_is_never_served_as_itself():
    assert serving_type("text/html") == "application/octet-stream"
    assert serving_type("image/svg+xml") == "application/octet-stream"
    assert serving_type("application/pdf") == "application/pdf"


def test_names_lose_folders_control_characters_and_excess():
    assert safe_filename("../x/../../secret.txt") == "secret.txt"
    assert safe_filename("..\\..\\windows\\win.ini") == "win.ini"
    assert safe_filename("\x00\x01") == "unnamed"
    assert safe_filename(None) == "unnamed"
    long = safe_filename("é" * 400 + ".jpeg")
    assert len(long) == 200 and long.endswith(".jpeg")
