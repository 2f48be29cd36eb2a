"""The audit log page (admins): filtered, paged, newest first, and its CSV export."""

from flask import Response, render_template, request, stream_with_context

from foia import clock
from foia.auditlog import bp, queries
from foia.auditlog.forms import AuditFilterForm
from foia.auth.access import Role, require

#: The query-string names of the filters, kept by the pagination and the CSV link.
FILTER_ARGS = ("person", "request_ref", "action", "date_from", "date_to")


def _form() -> AuditFilterForm:
    return AuditFilterForm(request.args, people=queries.people())


def _refused(form: AuditFilterForm):
    """Show the filters with what is wrong with them, and no events (400)."""
    return render_template("auditlog/index.html", form=form, page=None, rows=[], args={}), 400


@bp.route("/admin/audit")
@require(Role.ADMIN)
def index():
    """List the audit log, newest first, filtered by person, request, action and dates."""
    form = _form()
    if not form.validate():
        return _refused(form)
    page = queries.page_of(form.filters(), request.args.get("page", 1, type=int) or 1)
    return render_template(
        "auditlog/index.html",
        form=form,
        page=page,
        rows=queries.describe(page.items),
        args={name: request.args[name] for name in FILTER_ARGS if request.args.get(name)},
        zone=clock.local_zone(),
    )


@bp.route("/admin/audit.csv")
@require(Role.ADMIN)
def export():
    """Download every event the filters match as CSV, streamed, with formulas neutralised."""
    form = _form()
    if not form.validate():
        return _refused(form)
    response = Response(stream_with_context(queries.csv_lines(form.filters())), mimetype="text/csv")
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"audit-log-{clock.today().isoformat()}.csv"
    )
    return response
