"""Benchmark: what the bounds on letter templates and logos cost, and what they save.

(1) A campaign's batch: the seeded "use and policy" template rendered for 351 agencies in this
process (the Jinja sandbox alone) and through the sandbox child (foia.letters.sandbox), the way
every letter is rendered: the difference is the per-letter price of the process wall.
(2) How long each bad template from issue #14 takes to be refused.
(3) One letter's PDF with no logo, with an uploaded 8000×8000 logo scaled down to 1200 pixels
(foia.letters.logo), and with the 8000×8000 logo as it was stored before.

Needs no database. Usage: python bench/bench_letter_limits.py [--letters N]
"""

from __future__ import annotations

import argparse
import base64
import io
import statistics
import time
from datetime import date

from _common import markdown_table

from foia.deadlines.rules import get_law
from foia.letters.context import AgencyInfo, RequesterInfo, letter_context, sample_context
from foia.letters.logo import prepare_logo
from foia.letters.pdf import html_to_pdf
from foia.letters.render import check_template, render_body, render_here
from foia.seed.loaders import TEMPLATE_DIR, parse_template_file

TODAY = date(2026, 3, 2)
BAD = {
    "nested loops (10⁹ iterations)": "{% for a in 'x' * 1000 %}{% for b in 'x' * 1000 %}"
    "{% for c in 'x' * 1000 %}{% endfor %}{% endfor %}{% endfor %}",
    "100 MB string": "{{ ('a'*1000*1000*100)|length }}",
    "huge power": "{{ ((10 ** 64) ** 64) ** 64 }}",
    "900 MB format width": "{{ '{:>900000000}'.format('a')|length }}",
}


def _contexts(n: int) -> list[dict]:
    law = get_law("US-MA", TODAY)
    requester = RequesterInfo("Jane Roe", "Digital Rights Project", "1 Liberty Sq\nBoston, MA")
    return [
        letter_context(
            AgencyInfo(f"Town {i} Police Department", f"{i} Main St\nTown, MA", f"Officer {i}"),
            law,
            requester,
            [],
            date(2019, 1, 1),
            None,
            TODAY,
        )
        for i in range(n)
    ]


def _seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def batch_rows(n: int) -> list[list[str]]:
    """Render n letters in-process and through the child; return the table rows."""
    body = parse_template_file(TEMPLATE_DIR / "use-and-policy.html")["body"]
    contexts = _contexts(n)
    render_body(body, contexts[0])  # the child is started and the template compiled
    render_here(body, contexts[0])
    here = min(_seconds(lambda: [render_here(body, c) for c in contexts]) for _ in range(3))
    child = min(_seconds(lambda: [render_body(body, c) for c in contexts]) for _ in range(3))
    return [
        [f"{n} letters, in process (Jinja sandbox only)", f"{here:.2f} s", ""],
        [f"{n} letters, through the sandbox child", f"{child:.2f} s", "300 letters stay fast"],
        ["per letter: in process", f"{here / n * 1000:.2f} ms", ""],
        ["per letter: through the child", f"{child / n * 1000:.2f} ms", ""],
        ["per letter: price of the process wall", f"{(child - here) / n * 1000:.2f} ms", ""],
    ]


def refusal_rows() -> list[list[str]]:
    """Time the refusal of each bad template."""
    sample = sample_context(get_law("US-MA", TODAY), TODAY)
    rows = []
    for name, source in BAD.items():
        started = time.perf_counter()
        (problem,) = check_template(source, sample)
        rows.append(
            [f"refused: {name}", f"{time.perf_counter() - started:.2f} s", problem[:60] + "…"]
        )
    return rows


def _big_logo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("P", (8000, 8000), 0)
    image.putpalette([255, 255, 255, 200, 30, 30, 20, 20, 120])
    draw = ImageDraw.Draw(image)
    draw.ellipse((1000, 1000, 7000, 7000), fill=1)
    draw.rectangle((3000, 500, 5000, 7500), fill=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _letter(logo: bytes | None) -> str:
    img = ""
    if logo is not None:
        src = f"data:image/png;base64,{base64.b64encode(logo).decode()}"
        img = f'<img class="org-logo" src="{src}">'
    return f'<html><body><div class="org-block">{img}</div><p>Dear officer,</p></body></html>'


def logo_rows() -> list[list[str]]:
    """Time the upload's scaling and a PDF with no, a scaled and an unscaled logo."""
    big = _big_logo()
    started = time.perf_counter()
    small = prepare_logo(big).content
    scaling = time.perf_counter() - started
    html_to_pdf(_letter(None))  # fonts and stylesheet loaded
    rows = [["upload: scale 8000×8000 down to 1200×1200 (once)", f"{scaling:.2f} s", ""]]
    for name, logo, runs in (("no logo", None, 5), ("1200 px logo", small, 5), ("8000 px", big, 1)):
        times = [_seconds(lambda logo=logo: html_to_pdf(_letter(logo))) for _ in range(runs)]
        rows.append([f"one letter's PDF, {name}", f"{statistics.median(times):.2f} s", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=351)
    args = parser.parse_args()
    print("## Letter templates and logos: the cost of the bounds\n")
    rows = batch_rows(args.letters) + refusal_rows() + logo_rows()
    print(markdown_table(["measure", "value", "target / note"], rows))


if __name__ == "__main__":
    main()
