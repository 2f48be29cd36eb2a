"""Public-records laws as frozen, versioned data, loaded from `data/laws.toml`."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from typing import Any, TypeVar

from foia.deadlines.errors import UnknownJurisdiction
from foia.deadlines.kinds import (
    CLOCK_KINDS,
    CONDITION_EVENTS,
    OBLIGATIONS,
    REQUESTER_OBLIGATIONS,
)

T = TypeVar("T")
_MISSING = object()
UNITS = ("business", "calendar")
# A clock may also run in calendar months (foia.deadlines.months); extensions and appeals may not.
CLOCK_UNITS = (*UNITS, "month")
PAUSE_KINDS = ("clarification", "fee")
PAUSE_MODES = ("toll", "restart")
CONFIDENCES = ("high", "medium-high", "medium", "low")
AGENCY_LEVELS = ("state", "municipal", "county")
COUNTED_FROM = (
    "receipt",
    "acknowledgement",
    "response",
    "original_deadline",
    "request",
    "fee_estimate",
    "clarification",
    "appeal_decision",
    "condition",
    "ruling_received",
    "ruling_information_requested",
    "deposit",
    "voluminous_notice",
    "voluminous",
)
# A requester's clock starts only when the agency's question (or the reviewing body's decision
# that a further appeal answers) is in the ledger.
REQUESTER_BASES = (
    "fee_estimate",
    "clarification",
    "appeal_decision",
    "deposit",
    "voluminous_notice",
)

# Events that answer each obligation when the data gives no `met_by` of its own. Any agency
# contact acknowledges; a determination (even partial) decides or responds; only a final answer
# produces (a partial release is not the whole production).
_DETERMINATIONS = ("partial_release", "final_response", "denial", "no_records")
DEFAULT_MET_BY: Mapping[str, tuple[str, ...]] = {
    "acknowledge": (
        "acknowledged",
        "clarification_requested",
        "fee_estimate",
        "extension_claimed",
        *_DETERMINATIONS,
    ),
    "decide": _DETERMINATIONS,
    "respond": _DETERMINATIONS,
    "produce": ("final_response", "denial", "no_records"),
    "appeal": ("appeal_filed",),
    "answer": ("fee_paid", "fee_waived", "clarification_answered"),
}


@dataclass(frozen=True, slots=True)
class ClockRule:
    """One statutory period: how many days, counted how, from what, to do what.

    `when` names a condition event (kinds.CONDITION_EVENTS) without which the rule does not
    apply; `unless` one that ends it. A law keeps one rule per kind for each case, the default
    first: S.C. Code §30-4-30(C) is a 10-business-day `response` unless `longer_period` and a
    20-business-day one when it. `counted_from = "condition"` counts from that event's date.
    """

    kind: str
    days: int
    unit: str
    obligation: str
    counted_from: str = "receipt"
    roll_forward: bool = False
    citation: str = ""
    met_by: tuple[str, ...] = ()
    description: str = ""
    consequence: str = ""
    when: str = ""
    unless: str = ""

    def applies(self, present: frozenset[str]) -> bool:
        """Return True if this rule applies to a ledger holding the `present` event kinds."""
        return (not self.when or self.when in present) and self.unless not in present

    @property
    def binds_requester(self) -> bool:
        """Return True if the requester, not the agency, must act by the due date."""
        return self.obligation in REQUESTER_OBLIGATIONS

    @property
    def satisfied_by(self) -> tuple[str, ...]:
        """Return the ledger event kinds that meet this clock's obligation."""
        return self.met_by or DEFAULT_MET_BY[self.obligation]


@dataclass(frozen=True, slots=True)
class ExtensionRule:
    """How far the agency may extend a clock (`applies_to`), and on what condition."""

    days: int
    unit: str
    counted_from: str
    cap_days: int
    notice_within_first_period: bool
    citation: str
    applies_to: str = "response"
    roll_forward: bool = False
    unit_label: str = ""
    level_cap_days: tuple[tuple[str, int], ...] = ()
    granted_by: str = ""
    unless: tuple[str, ...] = ()

    def applies(self, present: frozenset[str]) -> bool:
        """Return True unless a condition event that ends it is among the `present` kinds."""
        return not present.intersection(self.unless)

    def cap_for(self, agency_level: str) -> int:
        """Return the cap in days for this agency level (county counts as municipal)."""
        level = normalise_level(agency_level)
        return dict(self.level_cap_days).get(level, self.cap_days)

    @property
    def cap_label(self) -> str:
        """Return e.g. "working-day" for messages about the cap."""
        return self.unit_label or f"{self.unit}-day"


@dataclass(frozen=True, slots=True)
class AppealRule:
    """The requester's administrative appeal: to whom, the window, and the decision deadline."""

    to_whom: str
    days: int | None
    unit: str
    counted_from: str
    citation: str
    decision_days: int | None = None
    decision_unit: str = "business"
    decision_citation: str = ""
    if_no_response: str | None = None
    roll_forward: bool = False
    #: Days the reviewing body may add to its decision period by notice (an
    #: `appeal_decision_extended` event), in `decision_unit`; none if the law allows none.
    decision_extension_days: int | None = None
    decision_extension_citation: str = ""


@dataclass(frozen=True, slots=True)
class ProductionLimit:
    """A cap on the production timeframe for one agency level (MA c.66 §10(b)(vi))."""

    level: str
    days: int
    unit: str
    citation: str


@dataclass(frozen=True, slots=True)
class LawRule:
    """One version of a jurisdiction's public-records law, with its clocks and sources."""

    jurisdiction: str
    name: str
    citation: str
    effective_on: date
    confidence: str
    source: str = ""
    deemed_receipt_next_business_day: bool = False
    clocks: tuple[ClockRule, ...] = ()
    extension: ExtensionRule | None = None
    appeal: AppealRule | None = None
    production_limits: tuple[ProductionLimit, ...] = ()
    pauses: frozenset[str] = frozenset()
    pause_mode: str = "toll"
    clarification_toll_limit: int | None = None
    has_fixed_deadline: bool = True
    prompt_citation: str = ""
    follow_up_days: int = 10
    missed_consequence: str | None = None
    notes: str = ""
    #: Values derived from the law alone, built once (see `derived`): not part of its identity.
    _derived: dict[Hashable, Any] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )

    @property
    def needs_verification(self) -> bool:
        """Return True unless every figure was checked against the statute (confidence high)."""
        return self.confidence != "high"

    def clock(self, kind: str) -> ClockRule | None:
        """Return the clock rule of this kind, if the law has one (the default case first)."""
        return next((rule for rule in self.clocks if rule.kind == kind), None)

    def clocks_for(self, present: frozenset[str]) -> tuple[ClockRule, ...]:
        """Return the clock rules that apply to a ledger holding the `present` event kinds."""
        # Only the kinds that switch a rule on or off matter: one tuple per combination of them.
        conditions = self._derived.get("conditions")
        if conditions is None:
            conditions = self.derived("conditions", self._condition_kinds)
        key = present & conditions
        found: tuple[ClockRule, ...] | None = self._derived.get(key)
        if found is None:
            found = self._derived[key] = tuple(r for r in self.clocks if r.applies(present))
        return found

    def _condition_kinds(self) -> frozenset[str]:
        return frozenset(k for rule in self.clocks for k in (rule.when, rule.unless) if k)

    def derived(self, key: Hashable, build: Callable[..., T], *args: Any) -> T:
        """Return what `build(*args)` derives from this law alone, built on the key's first use."""
        # The arguments, not a closure over them: every request asks for several such values,
        # and the lookup is all they cost once built.
        found: Any = self._derived.get(key, _MISSING)
        if found is _MISSING:
            found = self._derived[key] = build(*args)
        value: T = found
        return value

    def production_limit_for(self, agency_level: str) -> ProductionLimit | None:
        """Return the production cap for the agency level (county counts as municipal)."""
        level = normalise_level(agency_level)
        return next((p for p in self.production_limits if p.level == level), None)


def normalise_level(agency_level: str) -> str:
    """Map an agency level to the levels the data knows (a county is treated as municipal)."""
    if agency_level not in AGENCY_LEVELS:
        raise ValueError(
            f"agency level must be one of {', '.join(AGENCY_LEVELS)}: {agency_level!r}"
        )
    # MA c.66 distinguishes only "agency" (state) and "municipality"; counties run like towns.
    return "municipal" if agency_level == "county" else agency_level


def _choice(value: str, allowed: tuple[str, ...], what: str, where: str) -> str:
    if value not in allowed:
        raise ValueError(f"{where}: {what} {value!r} is not one of {', '.join(allowed)}")
    return value


def _clock_rule(raw: Mapping[str, Any], where: str) -> ClockRule:
    unit = _choice(raw["unit"], CLOCK_UNITS, "unit", where)
    obligation = _choice(raw["obligation"], OBLIGATIONS, "obligation", where)
    counted_from = _choice(raw.get("counted_from", "receipt"), COUNTED_FROM, "counted_from", where)
    requester = obligation in REQUESTER_OBLIGATIONS
    when = _condition(raw.get("when", ""), where)
    if counted_from == "condition" and not when:
        raise ValueError(f"{where}: a clock counted from its condition needs `when`")
    if requester != (counted_from in REQUESTER_BASES):
        raise ValueError(
            f"{where}: a {obligation!r} clock cannot be counted from {counted_from!r}: the"
            f" requester's clocks count from {' or '.join(REQUESTER_BASES)}, the agency's from"
            " the others"
        )
    return ClockRule(
        kind=_choice(raw["kind"], CLOCK_KINDS, "clock kind", where),
        days=int(raw["days"]),
        unit=unit,
        obligation=obligation,
        counted_from=counted_from,
        # An agency's calendar-day period ending on a closed day rolls forward (CCP §12a, §1908);
        # a requester's does not unless the data says so (the earlier date is the safe one).
        roll_forward=bool(raw.get("roll_forward", unit != "business" and not requester)),
        citation=raw.get("citation", ""),
        met_by=tuple(raw.get("met_by", ())),
        description=raw.get("description", ""),
        consequence=raw.get("consequence", ""),
        when=when,
        unless=_condition(raw.get("unless", ""), where),
    )


def _condition(value: str, where: str) -> str:
    return _choice(value, ("", *sorted(CONDITION_EVENTS)), "condition", where) if value else ""


def _extension_rule(raw: Mapping[str, Any], where: str) -> ExtensionRule:
    unit = _choice(raw["unit"], UNITS, "unit", where)
    return ExtensionRule(
        days=int(raw["days"]),
        unit=unit,
        counted_from=_choice(raw["counted_from"], COUNTED_FROM, "counted_from", where),
        cap_days=int(raw["cap_days"]),
        notice_within_first_period=bool(raw["notice_within_first_period"]),
        citation=raw["citation"],
        applies_to=raw.get("applies_to", "response"),
        roll_forward=bool(raw.get("roll_forward", unit == "calendar")),
        unit_label=raw.get("unit_label", ""),
        level_cap_days=tuple(sorted(raw.get("level_cap_days", {}).items())),
        granted_by=raw.get("granted_by", ""),
        unless=tuple(_condition(u, where) for u in _listed(raw.get("unless", ()))),
    )


def _listed(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _appeal_rule(raw: Mapping[str, Any], where: str) -> AppealRule:
    return AppealRule(
        to_whom=raw["to_whom"],
        days=raw.get("days"),
        unit=_choice(raw["unit"], UNITS, "unit", where),
        counted_from=raw.get("counted_from", "response"),
        citation=raw["citation"],
        decision_days=raw.get("decision_days"),
        decision_unit=_choice(raw.get("decision_unit", "business"), UNITS, "unit", where),
        decision_citation=raw.get("decision_citation", ""),
        if_no_response=raw.get("if_no_response"),
        roll_forward=bool(raw.get("roll_forward", False)),
        decision_extension_days=raw.get("decision_extension_days"),
        decision_extension_citation=raw.get("decision_extension_citation", ""),
    )


def law_from_mapping(raw: Mapping[str, Any]) -> LawRule:
    """Build a LawRule from one `[[law]]` table, checking its vocabulary."""
    where = f"{raw.get('jurisdiction', '?')} ({raw.get('effective_on', '?')})"
    pauses = frozenset(_choice(p, PAUSE_KINDS, "pause", where) for p in raw.get("pauses", ()))
    return LawRule(
        jurisdiction=raw["jurisdiction"],
        name=raw["name"],
        citation=raw["citation"],
        effective_on=raw["effective_on"],
        confidence=_choice(raw["confidence"], CONFIDENCES, "confidence", where),
        source=raw.get("source", ""),
        deemed_receipt_next_business_day=bool(raw.get("deemed_receipt_next_business_day", False)),
        clocks=tuple(_clock_rule(c, where) for c in raw.get("clocks", ())),
        extension=_extension_rule(raw["extension"], where) if "extension" in raw else None,
        appeal=_appeal_rule(raw["appeal"], where) if "appeal" in raw else None,
        production_limits=tuple(
            ProductionLimit(p["level"], int(p["days"]), p["unit"], p["citation"])
            for p in raw.get("production_limits", ())
        ),
        pauses=pauses,
        pause_mode=_choice(raw.get("pause_mode", "toll"), PAUSE_MODES, "pause_mode", where),
        clarification_toll_limit=raw.get("clarification_toll_limit"),
        has_fixed_deadline=bool(raw.get("has_fixed_deadline", True)),
        prompt_citation=raw.get("prompt_citation", ""),
        follow_up_days=int(raw.get("follow_up_days", 10)),
        missed_consequence=raw.get("missed_consequence"),
        notes=raw.get("notes", ""),
    )


@cache
def load_law_versions() -> dict[str, tuple[LawRule, ...]]:
    """Return every version of every law, oldest first, keyed by jurisdiction code."""
    text = resources.files("foia.deadlines").joinpath("data/laws.toml").read_text("utf-8")
    versions: dict[str, list[LawRule]] = {}
    for raw in tomllib.loads(text)["law"]:
        law = law_from_mapping(raw)
        versions.setdefault(law.jurisdiction, []).append(law)
    return {
        code: tuple(sorted(v, key=lambda law: law.effective_on)) for code, v in versions.items()
    }


@cache
def load_laws() -> dict[str, LawRule]:
    """Return the newest version of each jurisdiction's law, keyed by code ("US", "US-MA")."""
    return {code: versions[-1] for code, versions in load_law_versions().items()}


@lru_cache(maxsize=1024)
def normalise_code(code: str) -> str:
    """Return the canonical jurisdiction code for "us-ma", "MA", "US" and the like."""
    # Memoised (an unknown code raises and is not kept): every computation of deadlines asks.
    cleaned = code.strip().upper()
    versions = load_law_versions()
    if cleaned not in versions and f"US-{cleaned}" in versions and cleaned != "US":
        return f"US-{cleaned}"
    if cleaned not in versions:
        raise UnknownJurisdiction(
            f"unknown jurisdiction {code!r}: use 'US' for federal FOIA or 'US-XX' for a state or"
            " DC (e.g. 'US-MA')"
        )
    return cleaned


def get_law(code: str, on: date | None = None) -> LawRule:
    """Return the version of the jurisdiction's law in force on `on` (the newest if None)."""
    versions = load_law_versions()[normalise_code(code)]
    if on is None:
        return versions[-1]
    in_force = [law for law in versions if law.effective_on <= on]
    if not in_force:
        raise UnknownJurisdiction(
            f"no version of the {versions[0].jurisdiction} law is recorded as in force on"
            f" {on.isoformat()} (the earliest starts {versions[0].effective_on.isoformat()})"
        )
    return in_force[-1]
