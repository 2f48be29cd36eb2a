"""An agency's extension: the extended deadline and the first deadline it replaces (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from foia.deadlines.bases import base_for
from foia.deadlines.counting import fmt
from foia.deadlines.ledger import RESPONSE_EVENTS, LedgerEvent
from foia.deadlines.model import Clock, Context, count, sentence, state_of, unpaused
from foia.deadlines.rules import DEFAULT_MET_BY, ExtensionRule


def extended_clock(
    ctx: Context, ext: ExtensionRule, clocks: list[Clock], flags: list[str]
) -> Clock | None:
    """Return the extended_response clock, flagging a claim beyond the cap or given late."""
    target = _first_of(clocks, ext.applies_to)
    if ext.counted_from == "receipt":
        base: tuple[date, str, bool] | None = (ctx.deemed_on, "receipt", False)
    elif ext.counted_from == "acknowledgement":
        base = base_for(ctx, "acknowledgement", target)
    else:
        base = (target.due_on, "the original deadline", False) if target and target.due_on else None
    if target is None or base is None:
        return None
    cap = ctx.law.derived(("extension_cap", ctx.level), ext.cap_for, ctx.level)
    claims = ctx.ledger.all("extension_claimed")
    days = cap
    if claims:
        claimed = sum(c.days if c.days is not None else cap for c in claims)
        days = min(claimed, cap)
        _flag_extension(ext, claims, claimed, cap, target, flags)
    if ctx.pauses or ctx.open_pause is not None:
        counted = count(ctx, base[0], days, ext.unit, ext.roll_forward)
    else:  # what count() does with no pause, without its call (as _agency_clock)
        counted = unpaused(
            ctx.calendar, base[0], days, ext.unit, ext.roll_forward, False, ctx.explain
        )
    rule = ctx.rule(ext.applies_to)
    satisfied_by = rule.satisfied_by if rule else DEFAULT_MET_BY["produce"]
    met_by = ctx.law.derived(("extension_met_by", satisfied_by), _met_by, satisfied_by)
    met = ctx.ledger.first(met_by, on_or_after=ctx.received_on)
    basis = ""
    if ctx.explain:
        who = f" (granted by {ext.granted_by})" if ext.granted_by else ""
        lead = "Extension claimed" if claims else "Latest date the law allows with an extension"
        summary = sentence(days, ext.unit, base[1], base[0], counted)
        basis = f"{lead}{who}: {summary} ({ext.citation})."
    state = state_of(ctx, counted.due, met, counted.provisional) if claims else "not applicable"
    if not claims and met is not None:
        state = "not applicable"
    return Clock(
        "extended_response",
        counted.due,
        ext.unit,
        days,
        basis,
        state,
        counted.steps,
        target.obligation,
        ext.citation,
        None,  # consequence
        base[2] or ctx.is_estimated,
        met.on if met else None,
        counted.provisional,
        counted.verify,
        counted.verify_note,
    )


def _first_of(clocks: list[Clock], kind: str) -> Clock | None:
    for clock in clocks:
        if clock.kind == kind:
            return clock
    return None


def _met_by(satisfied_by: tuple[str, ...]) -> tuple[str, ...]:
    # The determinations among what meets the extended clock's obligation.
    return tuple(k for k in satisfied_by if k in RESPONSE_EVENTS) or DEFAULT_MET_BY["respond"]


def _flag_extension(
    ext: ExtensionRule,
    claims: Sequence[LedgerEvent],
    claimed: int,
    cap: int,
    target: Clock,
    flags: list[str],
) -> None:
    first = claims[0]
    if claimed > cap:
        flags.append(
            f"extension of {claimed} {ext.unit} days claimed on {first.on.isoformat()}"
            f" exceeds the {cap} {ext.cap_label} cap of {ext.citation}; the deadline uses the cap"
        )
    if ext.notice_within_first_period and target.due_on and first.on > target.due_on:
        flags.append(
            f"extension notice given on {first.on.isoformat()}, after the first period ended on"
            f" {target.due_on.isoformat()}: {ext.citation} requires notice within it"
        )


def supersede(ctx: Context, ext: ExtensionRule, clocks: list[Clock]) -> list[Clock]:
    """Mark the first deadline not applicable once a timely extension notice replaces it."""
    # A timely extension notice replaces the first deadline: the original date is then neither
    # met nor missed, and the extended_response clock carries the obligation.
    claim = ctx.ledger.first(("extension_claimed",))
    if claim is None:
        return clocks
    out = []
    for clock in clocks:
        timely = clock.due_on is not None and claim.on <= clock.due_on
        if clock.kind == ext.applies_to and clock.state in ("running", "missed") and timely:
            note = (
                f" Superseded by the extension claimed on {fmt(claim.on)}: see extended_response."
                if ctx.explain
                else ""
            )
            clock = clock._replace(state="not applicable", basis=clock.basis + note)
        out.append(clock)
    return out
