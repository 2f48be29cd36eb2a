"""The letterhead logo: checked by its content, and scaled down once when it is uploaded.

WeasyPrint decodes the logo again for every PDF it renders: an 8000×8000 logo added 1.35 s to
every letter preview. The letterhead prints it at most 1.6 in wide and 0.6 in high
(static/css/letter.css), so MAX_SIDE_PIXELS (1200) on its longest side is still over 700 dpi;
a larger logo is scaled down once, on upload, and the letters carry the small copy. A logo that
is small enough is kept byte for byte.

Scaling down decodes the whole image (an 8000×8000 one takes about 560 MB for a few seconds),
so it runs in a child process with a memory and time limit rather than in the web worker, and
images over MAX_SOURCE_PIXELS are refused before anything is decoded.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess  # noqa: S404 - our own `python -m` child, argument list, no shell
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

#: Largest logo file accepted (it travels inside every letter as a data: URL).
MAX_LOGO_BYTES = 200 * 1024
#: Longest side of the logo letters carry; larger uploads are scaled down to it.
MAX_SIDE_PIXELS = 1200
#: Largest image (width × height) scaled down; beyond it decoding alone is too costly.
MAX_SOURCE_PIXELS = 8000 * 8000
#: Address space and wall-clock time the scaling child may use.
SCALE_MEMORY_BYTES = 1024**3
SCALE_SECONDS = 30
#: Image types a logo may be, recognised by their first bytes (never by the file name).
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
_PROJECT = Path(__file__).resolve().parents[2]


class LogoRefused(ValueError):
    """An uploaded logo that is not a small enough PNG or JPEG image."""


@dataclass(frozen=True, slots=True)
class Logo:
    """A logo as letters carry it: its bytes, type and size in pixels."""

    content: bytes
    mime: str
    width: int
    height: int


def prepare_logo(content: bytes) -> Logo:
    """Check an uploaded logo and return it as letters will carry it (scaled down if large)."""
    if len(content) > MAX_LOGO_BYTES:
        raise LogoRefused(f"The logo is {len(content) // 1024} KB; the limit is 200 KB.")
    mime = next((m for magic, m in LOGO_SIGNATURES.items() if content.startswith(magic)), None)
    if mime is None:
        raise LogoRefused("The logo must be a PNG or JPEG image.")
    width, height = _dimensions(content, mime)
    if max(width, height) <= MAX_SIDE_PIXELS:
        return Logo(content, mime, width, height)
    small = _scale_in_child(content)
    return Logo(small, mime, *_dimensions(small, mime))


def _dimensions(content: bytes, mime: str) -> tuple[int, int]:
    """Read the image's size from its header (nothing is decoded); refuse one too large."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[_FORMATS[mime]]) as image:
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise LogoRefused(_too_many_pixels_message()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise LogoRefused("The logo could not be read as an image; is the file damaged?") from None
    if width * height > MAX_SOURCE_PIXELS:
        raise LogoRefused(_too_many_pixels_message(width, height))
    return width, height


def _too_many_pixels_message(width: int = 0, height: int = 0) -> str:
    size = f" is {width:,} × {height:,} pixels; it" if width else ""
    return (
        f"The logo{size} has more than 64 million pixels, too many to scale down. Save it"
        f" at most {MAX_SIDE_PIXELS} pixels on its longest side and upload it again."
    )


def _scale_in_child(content: bytes) -> bytes:
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [sys.executable, "-m", "foia.letters.logo"],
            input=content,
            capture_output=True,
            timeout=SCALE_SECONDS,
            cwd=_PROJECT,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(_PROJECT)},
        )
    except subprocess.TimeoutExpired:
        raise LogoRefused(
            f"Scaling the logo down took more than {SCALE_SECONDS} seconds and was stopped."
            f" Save it at most {MAX_SIDE_PIXELS} pixels on its longest side and upload it again."
        ) from None
    if done.returncode != 0 or not done.stdout:
        raise LogoRefused(
            "The logo could not be scaled down (a damaged image, or one that needs more memory"
            f" than allowed). Save it at most {MAX_SIDE_PIXELS} pixels on its longest side and"
            " upload it again."
        )
    return done.stdout


def scaled_down(content: bytes) -> bytes:
    """Return the image at most MAX_SIDE_PIXELS on its longest side, in its own format."""
    with Image.open(io.BytesIO(content), formats=list(_FORMATS.values())) as image:
        kind = image.format or "PNG"
        # Drawn upright as the camera meant, since the copy drops the orientation tag.
        upright = ImageOps.exif_transpose(image)
        # Palette and odd modes would be scaled by nearest pixel: blend in full colour instead.
        target = _scaling_mode(upright, kind)
        if upright.mode != target:
            upright = upright.convert(target)
        upright.thumbnail((MAX_SIDE_PIXELS, MAX_SIDE_PIXELS), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        options = {"quality": 90} if kind == "JPEG" else {}
        upright.save(out, kind, **options)
    return out.getvalue()


def _scaling_mode(image: Image.Image, kind: str) -> str:
    grey = image.mode in ("1", "L", "LA", "I", "I;16")
    if kind == "JPEG":
        return "L" if grey else "RGB"
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if has_alpha:
        return "LA" if grey else "RGBA"
    return "L" if grey else "RGB"


def main() -> None:
    """Scale the image on stdin down to stdout (the child process; limits set first)."""
    resource.setrlimit(resource.RLIMIT_AS, (SCALE_MEMORY_BYTES, SCALE_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (SCALE_SECONDS, SCALE_SECONDS))
    Image.MAX_IMAGE_PIXELS = MAX_SOURCE_PIXELS
    sys.stdout.buffer.write(scaled_down(sys.stdin.buffer.read(MAX_LOGO_BYTES + 1)))


if __name__ == "__main__":
    main()
