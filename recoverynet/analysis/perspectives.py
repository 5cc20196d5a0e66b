"""A member asked for their view: they read the client's account and write their own beside it,
never in it. Theirs to change until the client closes the looking back."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import login_required

from recoverynet.analysis.forms import apply, read_account
from recoverynet.analysis.models import STEPS
from recoverynet.analysis.people import SCOPE, asked_member, day_text, other_views
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.i18n import in_language_of
from recoverynet.network.access import record_views
from recoverynet.notifications.notify import notify
from recoverynet.pages import render
from recoverynet.timeutil import utcnow

bp = Blueprint("perspectives", __name__, url_prefix="/support/<int:client_id>/looking-back")
ALL_FIELDS = tuple(name for fields in STEPS.values() for name in fields)


def _page(client, contact, analysis, mine, form: Form, status: int = 200):
    return render("analysis/perspective.html", client=client, contact=contact, analysis=analysis, mine=mine,
                  others=other_views(analysis, mine), form=form, fields=ALL_FIELDS, status=status)


@bp.get("/<int:analysis_id>")
@login_required
def perspective(client_id: int, analysis_id: int):
    """The client's account and the member's own view, recorded in "who saw what"."""
    contact, client, analysis, mine = asked_member(client_id, analysis_id)
    page = _page(client, contact, analysis, mine, Form({}))
    with in_language_of(client):  # the client reads the audit
        record_views(client.id, {SCOPE: gettext("Looking back at %(day)s", day=day_text(analysis.looked_at))})
    db.session.commit()
    return page


@bp.post("/<int:analysis_id>")
@login_required
def save(client_id: int, analysis_id: int):
    """Save the member's own view; the client is told the first time it has words in it."""
    contact, client, analysis, mine = asked_member(client_id, analysis_id)
    form = Form(request.form)
    if analysis.closed_at:
        form.error("form", gettext("%(name)s has closed this, so your view can't change now. What you typed "
                                   "is still below, if you want to keep it somewhere.", name=client.display_name))
        return _page(client, contact, analysis, mine, form, status=409)
    values = read_account(form, ALL_FIELDS)
    if not form.ok:
        return _page(client, contact, analysis, mine, form, status=422)
    apply(mine, values)
    if mine.written_at is None and not mine.is_empty:
        mine.written_at = utcnow()
        with in_language_of(client):
            notify(client.id, "analysis_view",
                   gettext("%(name)s added their view to your looking back at %(day)s.", name=contact.name,
                           day=day_text(analysis.looked_at)),
                   url_for("analysis.show", analysis_id=analysis.id))
    db.session.commit()
    if request.form.get("chain_action") or request.form.get("add_step"):
        anchor = "chain"
    else:
        anchor = "mine"
        flash(gettext("Saved.") if mine.is_empty else
              gettext("Your view is saved. %(name)s can read it now.", name=client.display_name))
    return redirect(url_for("perspectives.perspective", client_id=client.id, analysis_id=analysis.id,
                            _anchor=anchor), code=303)
