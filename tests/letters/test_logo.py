"""An uploaded logo larger than 1200 pixels is scaled down once, on upload (issue #14 §3).

An 8000×8000 logo added 1.35 s to every PDF preview: WeasyPrint decoded it for every letter.
"""

import base64
import io
import struct
import zlib

import pypdf
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from foia.extensions import db
from foia.letters.logo import MAX_SIDE_PIXELS, LogoRefused, prepare_logo
from foia.letters.models import OrganisationProfile
from tests.support.html import page
from tests.support.letters import one_template_and_agency, set_up_organisation

LOGO_LABEL = "Logo (PNG or JPEG, up to 200 KB)"


def _encoded(image: Image.Image, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    """A real 8000×8000 logo: a red disc and a blue bar on white, 3 colours (about 150 KB)."""
    image = Image.new("P", (8000, 8000), 0)
    image.putpalette([255, 255, 255, 200, 30, 30, 20, 20, 120])
    draw = ImageDraw.Draw(image)
    draw.ellipse((1000, 1000, 7000, 7000), fill=1)
    draw.rectangle((3000, 500, 5000, 7500), fill=2)
    content = _encoded(image)
    assert len(content) < 200 * 1024
    return content


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims this size (its pixel data is never reached)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"PLTE", b"\0\0\0")
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _decoded(data_url: str) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1])))
    image.load()
    return image


@pytest.mark.slow
def test_a_huge_logo_is_scaled_down_keeping_its_shape_and_colours(huge_png):
    logo = prepare_logo(huge_png)
    assert (logo.mime, logo.width, logo.height) == ("image/png", 1200, 1200)
    image = Image.open(io.BytesIO(logo.content)).convert("RGB")
    assert image.getpixel((10, 10)) == (255, 255, 255)
    assert image.getpixel((600, 600)) == (20, 20, 120)  # the bar, in the middle
    assert image.getpixel((300, 600)) == (200, 30, 30)  # the disc, left of the bar


def test_a_wide_jpeg_is_scaled_to_1200_on_its_longest_side():
    photo = Image.new("RGB", (4000, 1000), (10, 120, 200))
    logo = prepare_logo(_encoded(photo, "JPEG"))
    assert (logo.mime, logo.width, logo.height) == ("image/jpeg", 1200, 300)
    assert logo.content.startswith(b"\xff\xd8\xff")


def test_a_transparent_logo_stays_transparent():
    image = Image.new("RGBA", (2400, 600), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((0, 0, 1199, 599), fill=(0, 128, 0, 255))
    small = Image.open(io.BytesIO(prepare_logo(_encoded(image)).content))
    assert small.size == (1200, 300) and small.mode == "RGBA"
    assert small.getpixel((1100, 150))[3] == 0 and small.getpixel((100, 150))[3] == 255


def test_a_logo_of_sane_size_is_kept_byte_for_byte():
    content = _encoded(Image.new("RGB", (MAX_SIDE_PIXELS, 400), (90, 90, 90)))
    assert prepare_logo(content).content == content


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (_png_claiming(9000, 9000), "is 9,000 × 9,000 pixels"),
        (_png_claiming(20000, 20000), "more than 64 million pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "could not be read as an image"),
        (b"\xff\xd8\xff" + b"garbage" * 20, "could not be read as an image"),
    ],
)
def test_an_image_too_large_to_scale_or_damaged_is_refused(content, problem):
    with pytest.raises(LogoRefused, match=problem):
        prepare_logo(content)


@pytest.fixture
def agency(app):
    return one_template_and_agency()


def _upload(client, content: bytes):
    return client.post(
        "/letters/profile",
        data={
            "name": "Digital Rights Project",
            "address": "12 Court Street\nBoston, MA 02108",
            "phone": "617-555-0100",
            "email": "records@clinic.example.org",
            "logo": (io.BytesIO(content), "logo.png"),
        },
        content_type="multipart/form-data",
    )


@pytest.mark.slow
def test_an_uploaded_8000_pixel_logo_is_stored_small_and_printed_small(
    agency, lawyer_client, huge_png
):
    set_up_organisation(lawyer_client.user)
    assert _upload(lawyer_client, huge_png).status_code == 302
    stored = db.session.scalar(select(OrganisationProfile.logo_data_url))
    assert _decoded(stored).size == (1200, 1200)
    pdf = lawyer_client.get(f"/letters/preview.pdf?template=use-and-policy&agency_id={agency.id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    images = [i.image for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages for i in p.images]
    assert images and all(max(i.size) <= MAX_SIDE_PIXELS for i in images)
    assert max(images[0].size) == 1200


def test_a_logo_too_large_to_scale_is_refused_on_the_page_and_nothing_changes(
    agency, lawyer_client
):
    response = _upload(lawyer_client, _png_claiming(9000, 9000))
    assert response.status_code == 400
    assert "more than 64 million pixels" in page(response).error_for(LOGO_LABEL)
    assert db.session.scalar(select(OrganisationProfile)) is None
