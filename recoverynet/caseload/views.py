"""The caseload page and its service report."""
from flask import Blueprint, Response, abort, request
from flask_babel import gettext
from flask_login import current_user, login_required

from recoverynet.caseload import report
from recoverynet.caseload.rows import (SORTS, caseload_clients, caseload_rows, record_caseload_views, seen_on_the_page,
                                       sorted_rows)
from recoverynet.extensions import db
from recoverynet.pages import render
from recoverynet.timeutil import local_today

bp = Blueprint("caseload", __name__)

# The sort links, in the order shown (need first: the default).
SORT_NAMES = {"need": lambda: gettext("Need"), "name": lambda: gettext("Name"),
              "sober_days": lambda: gettext("Sober days"), "last_entry": lambda: gettext("Last entry"),
              "checkin": lambda: gettext("Latest check-in")}


def _clients_or_404():
    clients = caseload_clients(current_user)
    if clients is None:  # nobody calls them their clinician or peer coach
        abort(404)
    return clients


@bp.get("/caseload")
@login_required
def index():
    """The clients who share their measures with this clinician or peer coach, most in need first.

    Writes on purpose, as the member's page does: each listed client's "who saw what" records
    the view in the request that shows it."""
    clients = _clients_or_404()
    sort = request.args.get("sort", "need")
    sort = sort if sort in SORTS else "need"
    rows, _ = caseload_rows(clients)
    rows = sorted_rows(rows, sort)
    page = render("caseload/index.html", rows=rows, sort=sort,
                  sorts=[(key, name()) for key, name in SORT_NAMES.items()])
    record_caseload_views(rows, seen_on_the_page)
    db.session.commit()
    return page


@bp.get("/caseload/report.csv")
@login_required
def service_report():
    """The service report: each client's measures month by month and the share with a signed crisis
    plan, as CSV (recorded in each client's "who saw what")."""
    clients = _clients_or_404()
    rows, measures = caseload_rows(clients, months=report.MONTHS)
    body = report.csv_text(rows, measures)
    record_caseload_views(rows, report.seen_in_the_report)
    db.session.commit()
    name = f"caseload-report-{local_today(current_user.timezone).isoformat()}.csv"
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
