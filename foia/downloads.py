"""Responses that hand a file to download, shared by the pages that offer one."""

from flask import Response


def download(data: bytes, filename: str, media_type: str) -> Response:
    """Return `data` as an attachment named `filename`, never sniffed into something else."""
    response = Response(data, mimetype=media_type)
    # Werkzeug quotes, and encodes as RFC 6266 asks, a name with spaces or non-ASCII letters.
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def letter_pdf(content: bytes, filename: str, sha256: str) -> Response:
    """Return a letter's PDF as an attachment, its SHA-256 in X-Content-SHA256 to check it by."""
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-SHA256"] = sha256
    return response
