"""The letter context builder is pure: plain values in, the letter's wording out."""

import subprocess
import sys
from datetime import date
from pathlib import Path

from foia.deadlines.rules import get_law
from foia.letters.context import (
    FALLBACK_SALUTATION,
    AgencyInfo,
    CategoryInfo,
    RequesterInfo,
    letter_context,
    number_in_words,
)

TODAY = date(2026, 11, 26)
CATEGORIES = [
    CategoryInfo("use-policies", "Use policies and procedures", "Every policy ..."),
    CategoryInfo("audit-logs", "Audit logs and user accounts", "Audit logs ..."),
]
REQUESTER = RequesterInfo("Rita Requester", "Civil Liberties Project", email="rita@example.org")


def build(code: str, agency: AgencyInfo | None = None, **kwargs) -> dict:
    return letter_context(
        agency or AgencyInfo("Springfield Police Department", "130 Pearl Street\nSpringfield, MA"),
        get_law(code, TODAY),
        REQUESTER,
        CATEGORIES,
        kwargs.get("date_from", date(2019, 1, 1)),
        kwargs.get("date_to"),
        TODAY,
        kwargs.get("extra", {}),
    )


def test_massachusetts_municipal_police_letter():
    ctx = build("US-MA")
    assert ctx["response_period"] == "ten (10) business days"
    assert "ten (10) business days" in ctx["response_sentence"]
    assert "M.G.L. c.66" in ctx["law"]["citation"]
    assert "950 CMR 32.07" in ctx["electronic_format"]
    assert "M.G.L. c.66 §10(d)" in ctx["fee_waiver"]
    assert ctx["agency"]["address_lines"] == ["130 Pearl Street", "Springfield, MA"]
    assert ctx["salutation"] == FALLBACK_SALUTATION
    assert ctx["date"] == "November 26, 2026"
    assert ctx["date_range"] == "from January 1, 2019 to the date this request is processed"
    assert [(c["number"], c["name"]) for c in ctx["categories"]] == [
        (1, "Use policies and procedures"),
        (2, "Audit logs and user accounts"),
    ]
    assert "specific exemption" in ctx["withholding"]
    assert "segregable" in ctx["withholding"]


def test_federal_letter_uses_the_twenty_day_determination_clock():
    ctx = build("US", AgencyInfo("Federal Bureau of Investigation", records_officer="Ms. Chief"))
    assert ctx["response_period"] == "twenty (20) business days"
    assert "make a determination" in ctx["response_sentence"]
    assert "5 U.S.C. §552(a)(4)(A)(iii)" in ctx["fee_waiver"]
    assert "950 CMR" not in ctx["electronic_format"]
    assert "machine-readable" in ctx["electronic_format"]
    assert ctx["salutation"] == "Dear Ms. Chief"


def test_a_state_without_a_fixed_deadline_asks_for_a_prompt_response():
    law = get_law("US-AZ", TODAY)
    assert not law.has_fixed_deadline
    ctx = build("US-AZ")
    assert ctx["response_period"] == "promptly"
    assert ctx["has_fixed_deadline"] is False
    assert "prompt response" in ctx["response_sentence"]
    assert "business days" not in ctx["response_sentence"]


def test_date_range_and_extra_values():
    ctx = build("US-MA", date_from=None, date_to=date(2024, 6, 30), extra={"case": "X-1"})
    assert ctx["date_range"] == "up to June 30, 2024"
    assert ctx["extra"] == {"case": "X-1"}


def test_numbers_in_words():
    assert [number_in_words(n) for n in (1, 10, 20, 45, 100, 115)] == [
        "one",
        "ten",
        "twenty",
        "forty-five",
        "one hundred",
        "one hundred fifteen",
    ]


def test_context_module_loads_neither_flask_nor_sqlalchemy():
    foia_dir = str(Path(__file__).resolve().parents[2] / "foia")
    # Bare namespace packages stand in for foia/__init__.py (the factory) and
    # foia/letters/__init__.py (the blueprint), so the probe measures the two modules themselves.
    probe = "\n".join(
        [
            "import sys, types",
            "for name, path in (('foia', FOIA), ('foia.letters', FOIA + '/letters')):",
            "    module = types.ModuleType(name); module.__path__ = [path]",
            "    sys.modules[name] = module",
            "import foia.letters.context, foia.letters.render",
            "print(','.join(m for m in ('flask', 'sqlalchemy') if m in sys.modules))",
        ]
    ).replace("FOIA", repr(foia_dir))
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
