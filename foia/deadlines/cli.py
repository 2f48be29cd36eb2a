"""`flask deadlines explain` and `holidays`: a click group (no Flask import; the app registers it).

This module is the edge of the pure package: the only place here that asks for today's date,
and only through `foia.clock.today()` when `--today` is not given.
"""

from __future__ import annotations

import json
from datetime import date

import click

from foia.dates import DATE, HYPOTHETICAL, problem
from foia.deadlines.errors import DeadlineError, UnknownCounty, UnknownJurisdiction
from foia.deadlines.explain import explain_from_receipt, format_text
from foia.deadlines.listing import holiday_listing

# The kinds the --json output promises; other clocks appear in the text output only.
JSON_CLOCK_KINDS = (
    "response",
    "extended_response",
    "production_limit",
    "expedited_decision",
    "appeal",
)


@click.group("deadlines")
def deadlines() -> None:
    """Explain statutory public-records deadlines."""


deadlines_cli = deadlines


def _today() -> date:
    from foia.clock import today  # the one reader of "now" in the project

    return today()


def _hypothetical(option: str, day: date | None, today: date) -> date | None:
    """Return `day`, or fail as the calculator page does: from 2000, up to ten years ahead."""
    reason = day and problem(day, today, HYPOTHETICAL)
    if reason:
        raise click.BadParameter(reason, param_hint=option)
    return day


@deadlines.command("explain")
@click.option("--jurisdiction", required=True, help="US, or US-XX for a state or DC (US-MA).")
@click.option("--county", default=None, help="County, for local closures (e.g. Suffolk).")
@click.option(
    "--agency-level",
    type=click.Choice(["state", "municipal", "county"]),
    default="municipal",
    show_default=True,
)
@click.option("--received", type=DATE, required=True, help="Date the agency received the request.")
@click.option("--responded", type=DATE, default=None, help="Date the agency responded.")
@click.option("--today", "today_on", type=DATE, default=None, help="Date to judge states against.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def explain(
    jurisdiction: str,
    county: str | None,
    agency_level: str,
    received: date,
    responded: date | None,
    today_on: date | None,
    as_json: bool,
) -> None:
    """Explain the deadlines of a request received on a date, day by day."""
    if responded is not None and responded < received:
        raise click.UsageError(
            f"--responded {responded.isoformat()} is before --received {received.isoformat()}"
        )
    today = _hypothetical("--today", today_on, _today()) or _today()
    _hypothetical("--received", received, today)
    _hypothetical("--responded", responded, today)
    try:
        result = explain_from_receipt(
            jurisdiction,
            received,
            county=county,
            agency_level=agency_level,
            responded_on=responded,
            today=today,
        )
    except UnknownJurisdiction as error:
        raise click.BadParameter(str(error), param_hint="--jurisdiction") from error
    except UnknownCounty as error:
        raise click.BadParameter(str(error), param_hint="--county") from error
    except DeadlineError as error:
        raise click.UsageError(str(error)) from error
    if as_json:
        payload = result.to_dict()
        payload["clocks"] = [c for c in payload["clocks"] if c["kind"] in JSON_CLOCK_KINDS]
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        click.echo(format_text(result))


@deadlines.command("holidays")
@click.option("--jurisdiction", required=True, help="US, or US-XX for a state or DC (US-IL).")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="Calendar year.")
@click.option(
    "--agency-level",
    type=click.Choice(["state", "municipal", "county"]),
    default="municipal",
    show_default=True,
)
@click.option("--county", default=None, help="County, for county-only days and closures.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def holidays_command(
    jurisdiction: str, year: int, agency_level: str, county: str | None, as_json: bool
) -> None:
    """List each weekday that is not a business day, with its name and citation."""
    try:
        listing = holiday_listing(jurisdiction, year, agency_level, county)
    except UnknownJurisdiction as error:
        raise click.BadParameter(str(error), param_hint="--jurisdiction") from error
    except UnknownCounty as error:
        raise click.BadParameter(str(error), param_hint="--county") from error
    if as_json:
        click.echo(json.dumps(listing.to_dict(), ensure_ascii=False))
    else:
        click.echo(listing.text())
