"""Suggest findings from a document's extracted text: pure rules, no Flask, no SQLAlchemy.

A document's text has its pages separated by form feeds (as foia.documents.extract joins them).
Each rule looks at one sentence at a time: a vendor's name (from data/vendors.toml), a dollar
amount next to contract words, a count next to "searches" or "queries", and a few phrases about
policies, audit logs, use of face recognition and ban compliance. A sentence that bans or
forbids (an ordinance naming Clearview) gives no vendor; an amount that is a records fee gives
no contract. Each suggestion carries its page, the words around it, and a key that is the same
however often the document is read again, so a suggestion is never made twice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from foia.findings.kinds import FindingKind

VENDORS_FILE = Path(__file__).with_name("data") / "vendors.toml"
#: Characters of context kept each side of a match in a suggestion's snippet.
SNIPPET_CHARS = 120
#: Text beyond this is not read (a runaway OCR layer must not stall a request).
MAX_CHARS = 2_000_000

#: A sentence: up to a full stop or semicolon; "$10,000.00", "Inc." and "No. 5" go on.
#: A line break within a paragraph goes on too (extracted text is wrapped); a blank line ends.
_SENTENCE = re.compile(
    r"(?:[^.;\n]|\n(?![ \t]*\n)|\.(?=\w)|(?<=Inc)\.|(?<=No)\.|(?<=Co)\.|(?<=Corp)\."
    r"|(?<=\b[A-Z])\.)+[.;]?"
)
_SPACE = re.compile(r"\s+")
_MONEY = re.compile(r"(?:\$|USD\s?)\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?(?!\d)")
_CONTRACT_WORDS = re.compile(
    r"\b(contract|agreement|purchase order|subscription|licen[cs]e|renewal|invoice|quote"
    r"|total (?:cost|price|amount)|annual (?:fee|cost)|not to exceed|awarded)\b",
    re.I,
)
#: Amounts that are not what a vendor is paid: records fees, fines, insurance, thresholds.
_NOT_CONTRACT = re.compile(
    r"\b(copy|copies|copying|records request|public records|fee estimate|estimated (?:fee|cost)"
    r"|search fee|per page|fine[sd]?|penalt(?:y|ies)|damages|insurance|bid threshold|up to \$)",
    re.I,
)
_COUNT = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:face|facial|fr|recognition|image|photo|probe|total|"
    r"separate)\s+){0,3}(searches|queries|search requests|requests for (?:face|facial)"
    r" recognition|facial recognition requests|face recognition requests)\b",
    re.I,
)
#: "Total searches: 87", "Searches run by deputies in 2023 numbered 1,204" (a few words between).
_COUNT_AFTER = re.compile(
    r"\b(?:searches|queries)\b(?:\s+[\w-]+){0,8}?\s*(?::|\bwas|\bwere|\btotall?ed|\bnumbered)"
    r"\s*(\d{1,3}(?:,\d{3})+|\d+)\b(?![,\d])",
    re.I,
)
_FACE = re.compile(
    r"\b(fac(?:e|ial)[ -]?(?:recognition|matching|search|identification)|FRT)\b", re.I
)
_BAN = re.compile(
    r"\b(prohibit\w*|ban(?:s|ned|ning)?|shall not|may not|unlawful|moratorium|forbid\w*"
    r"|no (?:\w+ ){0,4}(?:shall|may))\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(no|not|never|neither|nor|without|does not|did not|do not|has not|have not)\b", re.I
)
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = rf"(?:{_MONTHS}\.? (?:\d{{1,2}}, )?\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{4}})"
_PERIOD = re.compile(
    rf"\b({_DATE})\s*(?:-|–|—|to|through|thru|until)\s*({_DATE})\b"
    rf"|\b(?:in|during|for|calendar year|fiscal year|FY)\s+((?:{_MONTHS} )?(?:19|20)\d\d)\b",
    re.I,
)
_USES_NO = re.compile(
    r"\b(?:does|did|do) not (?:currently )?(?:use|utili[sz]e|employ|have access to|possess)"
    r"(?: any)? (?:fac(?:e|ial)[ -]?recognition|FRT)",
    re.I,
)
_USES_YES = re.compile(
    r"\b(?:uses|used|has used|utili[sz]es|utili[sz]ed|employs|has access to|subscribes to|"
    r"relies on|conducts?|ran|runs)(?: (?:the|a|an))? (?:fac(?:e|ial)[ -]?recognition|FRT)",
    re.I,
)
_POLICY_NO = re.compile(
    r"\bno (?:written |formal )?(?:policy|policies|general order|procedures?)\b"
    r"|\b(?:does|did|do) not (?:have|maintain) (?:a |any )?(?:written |formal )?(?:policy|policies"
    r"|general order)",
    re.I,
)
_POLICY_YES = re.compile(
    r"\b(?:fac(?:e|ial)[ -]?recognition (?:technology )?(?:use )?(?:policy|general order|"
    r"directive|standard operating procedure)"
    r"|(?:policy|general order|directive) (?:no\. ?[\w.-]+ )?"
    r"(?:on|governing|regarding) (?:the use of )?fac(?:e|ial)[ -]?recognition)",
    re.I,
)
_AUDIT = re.compile(r"\baudit (?:logs?|trails?|reports?)\b", re.I)
_AUDIT_NO = re.compile(
    r"\b(?:no|not|never) (?:\w+ ){0,3}audit (?:logs?|trails?)"
    r"|\baudit (?:logs?|trails?) (?:are|were|is|was) not (?:kept|maintained|retained|available)",
    re.I,
)
_VIOLATION = re.compile(
    r"\b(?:violat\w+ (?:of )?(?:the )?(?:[\w'’-]+ ){0,4}(?:ban|ordinance|bylaw|prohibition)"
    r"|(?:ban|ordinance|bylaw|prohibition) (?:was|were) violated)",
    re.I,
)
_NO_VIOLATION = re.compile(
    r"\b(?:no violations?|in (?:full )?compliance with|has complied with|complied with)"
    r"(?: (?:of |with )?(?:the )?(?:\w+ ){0,3}(?:ban|ordinance|bylaw|prohibition))?",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Vendor:
    """A face-recognition product as people name it, with the other ways it is written."""

    name: str
    aliases: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A candidate finding: its kind and value, where it was read, and the words around it."""

    kind: FindingKind
    value: str
    page: int
    snippet: str
    period: str = ""

    @property
    def key(self) -> str:
        """Return what makes it the same suggestion however often the text is read."""
        return f"{self.kind}:{self.value.casefold()}"[:200]


@cache
def vendors() -> tuple[Vendor, ...]:
    """Return the curated vendors, each with one pattern over all its aliases."""
    entries = tomllib.loads(VENDORS_FILE.read_text(encoding="utf-8"))["vendor"]
    return tuple(_vendor(entry) for entry in entries)


def _vendor(entry: dict) -> Vendor:
    exact = set(entry.get("exact_case", ()))
    # Longest first, so "NEC NeoFace" wins over "NeoFace" in one alternation.
    aliases = sorted(entry["aliases"], key=len, reverse=True)
    parts = [
        (re.escape(alias) if alias in exact else f"(?i:{re.escape(alias)})") for alias in aliases
    ]
    return Vendor(
        entry["name"], tuple(aliases), re.compile(rf"(?<![\w.])(?:{'|'.join(parts)})(?![\w])")
    )


def suggest(text: str) -> list[Suggestion]:
    """Return the findings the text suggests, once each (kind and value), first page first."""
    found: dict[str, Suggestion] = {}
    for number, page in enumerate(text[:MAX_CHARS].split("\f"), start=1):
        for sentence, start in _sentences(page):
            for suggestion in _read_sentence(sentence, start, page, number):
                found.setdefault(suggestion.key, suggestion)
    return list(found.values())


def _sentences(page: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _SENTENCE.finditer(page) if m.group(0).strip()]


def _read_sentence(sentence: str, start: int, page: str, number: int) -> list[Suggestion]:
    def make(kind: FindingKind, value: str, at: int, period: str = "") -> Suggestion:
        return Suggestion(kind, value, number, snippet(page, start + at), period)

    out = [make(FindingKind.SYSTEM, name, at) for name, at in _vendors_in(sentence)]
    period = _period(sentence)
    out += [make(FindingKind.CONTRACT, value, at, period) for value, at in _amounts(sentence)]
    out += [make(FindingKind.SEARCHES, value, at, period) for value, at in _counts(sentence)]
    for kind, value, at in _statements(sentence):
        out.append(make(kind, value, at))
    return out


def _vendors_in(sentence: str) -> list[tuple[str, int]]:
    # A sentence that bans or forbids names vendors as examples of what is not allowed
    # (unless it reports that the ban was broken with one).
    if _BAN.search(sentence) and not _VIOLATION.search(sentence):
        return []
    hits = []
    for vendor in vendors():
        match = vendor.pattern.search(sentence)
        if match and not _negated_before(sentence, match.start()):
            hits.append((vendor.name, match.start()))
    return hits


def _negated_before(sentence: str, at: int) -> bool:
    # "has no contract with Clearview", "never used Rekognition": a negation just before.
    before = sentence[max(0, at - 40) : at]
    return bool(_NEGATION.search(before))


def _amounts(sentence: str) -> list[tuple[str, int]]:
    if not _CONTRACT_WORDS.search(sentence) or _NOT_CONTRACT.search(sentence):
        return []
    out = []
    for match in _MONEY.finditer(sentence):
        dollars = int(match.group(1).replace(",", ""))
        cents = match.group(2) or "00"
        if dollars == 0 and cents == "00":
            continue
        value = f"${dollars:,}" + (f".{cents}" if cents != "00" else "")
        out.append((value, match.start()))
    return out


def _counts(sentence: str) -> list[tuple[str, int]]:
    out = []
    for match in list(_COUNT.finditer(sentence)) + list(_COUNT_AFTER.finditer(sentence)):
        words = match.group(0).lower()
        # "requests" alone are records requests; only a face context makes them searches.
        if "request" in words and not _FACE.search(sentence):
            continue
        if "search" not in words and "quer" not in words and not _FACE.search(sentence):
            continue
        if _year_like(match.group(1), sentence):
            continue
        out.append((f"{int(match.group(1).replace(',', '')):,}", match.start()))
    return out


def _year_like(number: str, sentence: str) -> bool:
    # "2025 searches" is rare; "in 2025 searches were ..." is a year.
    return len(number) == 4 and number.startswith(("19", "20")) and f"in {number}" in sentence


def _period(sentence: str) -> str:
    match = _PERIOD.search(sentence)
    if match is None:
        return ""
    if match.group(3):
        return match.group(3)
    return f"{match.group(1)} to {match.group(2)}"


def _statements(sentence: str) -> list[tuple[FindingKind, str, int]]:
    out: list[tuple[FindingKind, str, int]] = []
    checks = (
        (FindingKind.USES_FACE_RECOGNITION, "no", _USES_NO, None),
        (FindingKind.USES_FACE_RECOGNITION, "yes", _USES_YES, _USES_NO),
        (FindingKind.WRITTEN_POLICY, "no", _POLICY_NO, None),
        (FindingKind.WRITTEN_POLICY, "yes", _POLICY_YES, _POLICY_NO),
        (FindingKind.AUDIT_LOGS, "no", _AUDIT_NO, None),
        (FindingKind.AUDIT_LOGS, "yes", _AUDIT, _AUDIT_NO),
        (FindingKind.BAN_COMPLIANCE, "violation", _VIOLATION, _NO_VIOLATION),
        (FindingKind.BAN_COMPLIANCE, "none", _NO_VIOLATION, None),
    )
    for kind, value, pattern, unless in checks:
        match = pattern.search(sentence)
        if match is None or (unless is not None and unless.search(sentence)):
            continue
        if kind is FindingKind.WRITTEN_POLICY and value == "no" and not _FACE.search(sentence):
            continue
        if kind is FindingKind.USES_FACE_RECOGNITION and value == "yes" and _BAN.search(sentence):
            continue
        out.append((kind, value, match.start()))
    return out


def snippet(page: str, at: int) -> str:
    """Return the words around position `at` of a page, on one line, cut at word boundaries."""
    start, end = max(0, at - SNIPPET_CHARS), min(len(page), at + SNIPPET_CHARS)
    text = page[start:end]
    if start > 0 and " " in text:
        text = "…" + text.split(" ", 1)[1]
    if end < len(page) and " " in text:
        text = text.rsplit(" ", 1)[0] + "…"
    return _SPACE.sub(" ", text).strip()
