"""Suggest what an agency's reply means, from its words and attachments. PURE: no Flask/SQLAlchemy.

Rules only (the phrases are in suggest_rules.py): no model, no network. Each suggestion is a
response kind (foia.responses.kinds.ResponseKind) with the sentence that triggered it and
the facts it found (tracking number, fee, extension days or date, exemptions cited). A person
confirms, edits or dismisses each one; nothing here records anything.

Only the agency's own words count: quoted lines (">") and everything after a reply header
("-----Original Message-----", "On ... wrote:", an Outlook "From: / Sent:" block) or a "-- "
signature line are ignored, so our request letter quoted below a reply ("please inform me of
any fees over $50", "if you deny any part of this request ...") suggests nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from foia.inbound import suggest_rules as rules
from foia.inbound.parse import REFERENCE
from foia.responses.exemptions import exemptions_for
from foia.responses.kinds import ResponseKind

MAX_SENTENCE = 400
#: Kinds in the order they are shown.
ORDER = (
    ResponseKind.ACKNOWLEDGEMENT,
    ResponseKind.CLARIFICATION,
    ResponseKind.FEE_ESTIMATE,
    ResponseKind.EXTENSION,
    ResponseKind.PARTIAL_RELEASE,
    ResponseKind.DENIAL,
    ResponseKind.NO_RECORDS,
    ResponseKind.FINAL_RESPONSE,
)
DETERMINATIONS = frozenset(
    {
        ResponseKind.PARTIAL_RELEASE,
        ResponseKind.DENIAL,
        ResponseKind.NO_RECORDS,
        ResponseKind.FINAL_RESPONSE,
    }
)


@dataclass(frozen=True)
class Suggestion:
    """One thing the reply seems to say, with the sentence that says it."""

    kind: str
    sentence: str
    key: str
    tracking_number: str = ""
    amount: Decimal | None = None
    days: int | None = None
    new_date: date | None = None
    exemptions: tuple[str, ...] = ()
    confidence: str = "likely"


def make_key(kind: str, sentence: str) -> str:
    """Return the stable id of a suggestion, used to remember a dismissal."""
    return f"{kind}:{hashlib.sha256(sentence.encode('utf-8')).hexdigest()[:10]}"


# ------------------------------------------------------------------ the agency's words ---


def own_text(text: str) -> str:
    """Return the reply without quoted lines, quoted history or the signature block."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _starts_history(lines, i) or rules.SIGNATURE_MARK.match(line):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept)


def _starts_history(lines: list[str], i: int) -> bool:
    line = lines[i]
    if rules.QUOTE_START.search(line):
        return True
    following = lines[i + 1 : i + 5]
    if rules.FROM_LINE.match(line) and any(rules.HEADER_LINE.match(n) for n in following):
        return True
    # "On Thu, Nov 19, 2026 at 4:47 PM Name <address>" wrapped before "wrote:".
    joined = f"{line} {following[0]}" if following else ""
    return bool(line.lstrip().lower().startswith("on ") and rules.QUOTE_START.search(joined))


def sentences(text: str) -> list[str]:
    """Return the sentences of the agency's own words, each trimmed to 400 characters."""
    found: list[str] = []
    for block in _blocks(own_text(text)):
        found.extend(_split(block))
    return [_trim(s) for s in found if re.search(r"\w", s)]


def _blocks(text: str) -> list[str]:
    # A line break ends a sentence after punctuation, a colon or a short line (lists,
    # "Request ID: ..."); a long line without one is a wrapped paragraph.
    blocks, current = [], ""
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            blocks.append(current)
            current = ""
            continue
        current = f"{current} {line}".strip()
        if len(line) < 50 or line[-1] in ".!?:":
            blocks.append(current)
            current = ""
    blocks.append(current)
    return [b for b in blocks if b]


_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$*])")


def _split(block: str) -> list[str]:
    parts, start = [], 0
    for match in _BOUNDARY.finditer(block):
        word = block[start : match.start() + 1].split()[-1].lower().strip("(\"'[")
        if match.group().startswith(".") and _is_abbreviation(word):
            continue
        parts.append(block[start : match.end()].strip())
        start = match.end()
    parts.append(block[start:].strip())
    return parts


def _is_abbreviation(word: str) -> bool:
    bare = word.rstrip(".")
    return (
        bare in rules.ABBREVIATIONS
        or len(bare) == 1
        or bool(re.fullmatch(r"([a-z]\.)+[a-z]", bare))
    )


def _trim(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= MAX_SENTENCE else sentence[: MAX_SENTENCE - 1] + "…"


# ----------------------------------------------------------------------------- values ---


def find_tracking_number(text: str) -> str:
    """Return the agency's tracking number in a reply ("" if none; never our FR- reference)."""
    for source in (own_text(text), text):
        for match in rules.TRACKING_LABELLED.finditer(source):
            if number := _as_tracking(match.group("n")):
                return number
        for shape in rules.TRACKING_SHAPES:
            for match in shape.finditer(source):
                if number := _as_tracking(match.group()):
                    return number
    return ""


def _as_tracking(candidate: str) -> str:
    number = candidate.strip(".,;:)-/_")
    if len(number) < 3 or not re.search(r"\d", number) or rules.NOT_TRACKING.match(number):
        return ""
    return "" if REFERENCE.fullmatch(number) else number


def find_amounts(sentence: str) -> list[Decimal]:
    """Return the fee amounts in a sentence, leaving out rates and thresholds."""
    found = []
    for match in rules.AMOUNT.finditer(sentence):
        if rules.RATE_AFTER.match(sentence[match.end() :]):
            continue
        if rules.THRESHOLD_BEFORE.search(sentence[: match.start()]):
            continue
        whole = (match.group("a") or match.group("b")).replace(",", "")
        cents = match.group("c") or match.group("d") or ""
        found.append(Decimal(whole + cents))
    return found


def find_days(sentence: str) -> int | None:
    """Return the number of days an extension claims, or None."""
    for match in rules.DAYS.finditer(sentence):
        before, after = sentence[: match.start()], sentence[match.end() :]
        if rules.DAYS_CUE_BEFORE.search(before) or rules.DAYS_CUE_AFTER.match(after):
            if match.group("p"):
                return int(match.group("p"))
            word = match.group("n").lower()
            return int(word) if word.isdigit() else rules.NUMBER_WORDS[word]
    return None


def find_dates(sentence: str, received_on: date | None = None) -> list[date]:
    """Return the dates in a sentence; one without a year is the next after `received_on`."""
    found = []
    for pattern in rules.DATES:
        for match in pattern.finditer(sentence):
            if (day := _as_date(match.groupdict(), received_on)) is not None:
                found.append(day)
    return found


def _as_date(parts: dict[str, Any], received_on: date | None) -> date | None:
    month = int(parts["m"]) if parts.get("m") else rules.MONTHS[parts["mon"][:3].lower()]
    year_text = parts.get("year")
    if year_text is None:
        return _next_after(month, int(parts["day"]), received_on) if received_on else None
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        return date(year, month, int(parts["day"]))
    except ValueError:
        return None


def _next_after(month: int, day: int, received_on: date) -> date | None:
    # "by January 8" written in late December means next January; a date a little before
    # receipt ("your request of November 2") keeps the year.
    for year in (received_on.year, received_on.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if (received_on - found).days <= 90:
            return found
    return None


def find_exemptions(text: str, jurisdiction: str) -> tuple[str, ...]:
    """Return the codes of the jurisdiction's exemptions cited in `text`, in the list's order."""
    known = exemptions_for(jurisdiction)
    codes = {e.code for e in known}
    cited = {e.code for e in known if _citation_pattern(e.citation).search(text)}
    cited |= _short_forms(text, jurisdiction.split(":", 1)[0]) & codes
    return tuple(e.code for e in known if e.code in cited)


def _citation_pattern(citation: str) -> re.Pattern[str]:
    # "M.G.L. c.4 §7(26)(f)" is matched by its section, "7(26)(f)", with any spacing.
    section = citation.split("§")[-1].strip()
    flexible = r"\s*".join(re.escape(ch) for ch in section if not ch.isspace())
    return re.compile(rf"(?<![\w.]){flexible}(?![\w]|\.\d)", re.I)


def _short_forms(text: str, state: str) -> set[str]:
    found: set[str] = set()
    if state == "US-MA":
        for match in rules.MA_LETTER_CUE.finditer(text):
            letters = rules.MA_LETTER.findall(match["list"])
            found |= {f"26{(a or b).lower()}" for a, b in letters}
        if rules.MA_CORI.search(text):
            found.add("CORI")
    elif state == "US":
        for match in rules.US_SHORT.finditer(text):
            found |= {_us_code(m) for m in rules.US_ITEM.finditer(match["list"])}
        found |= {_us_code(m) for m in rules.US_B.finditer(text)}
    elif state == "US-CA":
        found |= {code for code, old in rules.CA_OLD_SECTIONS.items() if old.search(text)}
    return found


def _us_code(match: re.Match[str]) -> str:
    return f"b{match['d']}{(match['l'] or '').upper()}"


def record_attachments(names: Sequence[str]) -> list[str]:
    """Return the attachment names that look like records, not the agency's own letters."""
    kept = []
    for name in names:
        stem, _, extension = name.rpartition(".")
        words = re.sub(r"[_\-.]+", " ", stem)
        if extension.lower() in rules.RECORD_EXTENSIONS and not rules.NOT_RECORDS.search(words):
            kept.append(name)
    return kept


# ---------------------------------------------------------------------------- suggest ---


@dataclass
class _Found:
    """Per kind, the sentences that triggered it, likely ones first."""

    likely: dict[str, list[str]] = field(default_factory=dict)
    possible: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, sentence: str, confidence: str) -> None:
        target = self.likely if confidence == "likely" else self.possible
        target.setdefault(kind, []).append(sentence)

    def has(self, kind: str) -> bool:
        return kind in self.likely or kind in self.possible

    def all(self, kind: str) -> list[str]:
        return self.likely.get(kind, []) + self.possible.get(kind, [])

    def confidence(self, kind: str) -> str:
        return "likely" if kind in self.likely else "possible"


def suggest(
    text: str,
    *,
    attachment_names: Sequence[str] = (),
    jurisdiction: str = "US-MA",
    received_on: date | None = None,
) -> list[Suggestion]:
    """Return what the reply seems to say, one suggestion per kind, each with its sentence."""
    own = sentences(text)
    found = _Found()
    for sentence in own:
        for kind, confidence in _classify(sentence, received_on):
            found.add(kind, sentence, confidence)
    cited = find_exemptions(
        " ".join(s for s in own if not rules.DISCLAIMER.search(s)), jurisdiction
    )
    records = record_attachments(attachment_names)
    _from_letter_names(found, attachment_names)
    _resolve(found, records)
    made = {
        kind: _build(kind, found, received_on=received_on, exemptions=cited)
        for kind in ORDER
        if found.has(kind)
    }
    ack = ResponseKind.ACKNOWLEDGEMENT
    if ack in made:
        made[ack] = _with_tracking(made[ack], text)
        if rules.OUT_OF_OFFICE.search(own_text(text)) and not made[ack].tracking_number:
            del made[ack]  # "your message was received" while someone is away
    return [made[kind] for kind in ORDER if kind in made]


def _classify(sentence: str, received_on: date | None) -> list[tuple[str, str]]:
    if rules.DISCLAIMER.search(sentence):
        return []
    hits = []
    is_conditional = bool(rules.CONDITIONAL.match(sentence))
    for rule in rules.RULES:
        if (rule.skip_conditional and is_conditional) or (rule.veto and rule.veto.search(sentence)):
            continue
        confidence = _rule_confidence(rule, sentence, received_on)
        if confidence:
            hits.append((rule.kind, confidence))
    return hits


def _rule_confidence(rule: rules.Rule, sentence: str, received_on: date | None) -> str:
    likely = bool(rule.likely.search(sentence))
    possible = bool(rule.possible and rule.possible.search(sentence))
    if rule.kind == ResponseKind.FEE_ESTIMATE:
        if find_amounts(sentence):
            return "likely" if likely else ""
        return "possible" if possible else ""
    if rule.kind == ResponseKind.EXTENSION and not likely:
        # "We anticipate ..." is an extension only with a date after the day it was said.
        later = [d for d in find_dates(sentence, received_on) if not received_on or d > received_on]
        return "possible" if possible and later else ""
    return "likely" if likely else ("possible" if possible else "")


def _from_letter_names(found: _Found, names: Sequence[str]) -> None:
    """Read what an attached letter is from its name when the email's words found nothing."""
    if any(found.has(kind) for kind in ORDER):
        return
    for name in names:
        words = re.sub(r"[_\-.]+", " ", name.rpartition(".")[0] or name)
        kind = next((k for k, pattern in rules.LETTER_NAMES if pattern.search(words)), None)
        if kind and not found.has(kind):
            found.add(kind, f"Attached: {name}", "possible")


def _resolve(found: _Found, records: list[str]) -> None:
    """Turn the interim tags into kinds and drop suggestions another one contradicts."""
    produced = found.has(ResponseKind.FINAL_RESPONSE) or bool(records)
    for sentence in found.all("withheld"):
        found.add(
            ResponseKind.PARTIAL_RELEASE if produced else ResponseKind.DENIAL, sentence, "likely"
        )
    if found.has(ResponseKind.PARTIAL_RELEASE):
        found.likely.pop(ResponseKind.DENIAL, None)
        found.possible.pop(ResponseKind.DENIAL, None)
    if records and not found.has(ResponseKind.FINAL_RESPONSE):
        found.add(ResponseKind.FINAL_RESPONSE, "Attached: " + ", ".join(records), "possible")
    completed = found.has("completed")
    if found.has(ResponseKind.DENIAL) or (
        found.has(ResponseKind.PARTIAL_RELEASE) and not completed
    ):
        _drop(found, ResponseKind.FINAL_RESPONSE)
    if found.has(ResponseKind.PARTIAL_RELEASE) or found.has(ResponseKind.FINAL_RESPONSE):
        _drop(found, ResponseKind.NO_RECORDS)  # "no records for item 2" of a release
    if found.has(ResponseKind.DENIAL):
        _drop(found, ResponseKind.NO_RECORDS)
    if any(found.has(determination) for determination in DETERMINATIONS):
        _drop(found, ResponseKind.ACKNOWLEDGEMENT)
    for tag in ("withheld", "completed"):
        _drop(found, tag)


def _drop(found: _Found, kind: str) -> None:
    found.likely.pop(kind, None)
    found.possible.pop(kind, None)


def _build(
    kind: str,
    found: _Found,
    *,
    received_on: date | None,
    exemptions: tuple[str, ...],
) -> Suggestion:
    candidates = found.all(kind)
    sentence = candidates[0]
    extra: dict[str, Any] = {}
    if kind == ResponseKind.FEE_ESTIMATE:
        sentence, extra = _fee(candidates, sentence)
    elif kind == ResponseKind.EXTENSION:
        sentence, extra = _extension(candidates, received_on)
    elif kind in (ResponseKind.PARTIAL_RELEASE, ResponseKind.DENIAL):
        extra = {"exemptions": exemptions}
    return Suggestion(
        kind=kind,
        sentence=sentence,
        key=make_key(kind, sentence),
        confidence=found.confidence(kind),
        **extra,
    )


def _fee(candidates: list[str], sentence: str) -> tuple[str, dict]:
    # The largest amount is the total; smaller ones are items, deposits or rates.
    priced = [(amount, s) for s in candidates for amount in find_amounts(s)]
    if not priced:
        return sentence, {}
    amount, sentence = max(priced, key=lambda pair: pair[0])
    return sentence, {"amount": amount}


def _extension(candidates: list[str], received_on: date | None) -> tuple[str, dict]:
    days = next((d for s in candidates if (d := find_days(s)) is not None), None)
    dated = [
        (day, s)
        for s in candidates
        for day in find_dates(s, received_on)
        if received_on is None or day > received_on
    ]
    new_date, dated_sentence = max(dated) if dated else (None, "")
    with_days = next((s for s in candidates if find_days(s) is not None), "")
    return with_days or dated_sentence or candidates[0], {"days": days, "new_date": new_date}


def _with_tracking(suggestion: Suggestion, text: str) -> Suggestion:
    number = find_tracking_number(text)
    if not number:
        return suggestion
    return replace(suggestion, tracking_number=number)
