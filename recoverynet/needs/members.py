"""A member's view of the client's practical needs (with the "practical_needs" scope): they see
every need, and move along the ones they help with (where it stands and the next step, nothing
else). The client is told of each change, in the client's language."""
from flask import Blueprint, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.i18n import in_language_of
from recoverynet.needs.forms import read_progress
from recoverynet.needs.models import SCOPE, STATUS_NAMES, Need
from recoverynet.needs.queries import helped_need, member_access, names_by_person, needs_to_show, sorted_lines
from recoverynet.network.access import record_views
from recoverynet.notifications.notify import notify
from recoverynet.pages import flash_and_redirect, id_links, read_form, render
from recoverynet.timeutil import utcnow

bp = Blueprint("member_needs", __name__, url_prefix="/support/<int:client_id>/needs")


@bp.get("")
@login_required
def index(client_id: int):
    """The client's needs as a member sees them, recorded in "who saw what"."""
    card, client = member_access(client_id)
    still_open, done, more_done = needs_to_show(client.id)
    progress_at = id_links("member_needs.progress", "need_id", client_id=client.id)  # the needs they help with
    done_lines = sorted_lines(done, lambda need: progress_at(need.id) if card.id in need.helper_ids else None)
    page = render("needs/member.html", client=client, card=card, open=still_open, done=done_lines,
                  more_done=more_done, names=names_by_person(client.id))
    with in_language_of(client):  # the client reads the audit
        record_views(client.id, {SCOPE: ngettext("Practical needs: %(num)d open", "Practical needs: %(num)d open",
                                                 len(still_open))})
    db.session.commit()
    return page


def _progress_page(client, card, need: Need, form: Form, status: int = 200):
    return render("needs/progress.html", client=client, card=card, need=need, form=form, statuses=STATUS_NAMES,
                  names=names_by_person(client.id), status=status)


@bp.get("/<int:need_id>")
@login_required
def progress(client_id: int, need_id: int):
    """The form a helper moves a need along with, recorded in "who saw what"."""
    card, client, need = helped_need(client_id, need_id)
    form = Form({"status": need.status.value, "next_step": need.next_step,
                 "next_step_on": need.next_step_on.isoformat() if need.next_step_on else ""})
    page = _progress_page(client, card, need, form)
    with in_language_of(client):
        record_views(client.id, {SCOPE: gettext("Practical need: %(need)s", need=need.name)})
    db.session.commit()
    return page


@bp.post("/<int:need_id>")
@login_required
def update(client_id: int, need_id: int):
    """Save where the need stands and its next step; the client is told what changed."""
    card, client, need = helped_need(client_id, need_id)
    values = read_form(read_progress, lambda form: _progress_page(client, card, need, form, status=422))
    before = (need.status, need.next_step, need.next_step_on)
    if before == (values["status"], values["next_step"], values["next_step_on"]):
        return flash_and_redirect(gettext("Nothing had changed, so nothing was sent."), "member_needs.index",
                                  client_id=client.id)
    for name, value in values.items():
        setattr(need, name, value)
    need.updated_at, need.updated_by_id = utcnow(), current_user.id
    with in_language_of(client):
        notify(client.id, "need_updated",
               gettext("%(name)s updated “%(need)s”: %(status)s.", name=card.name, need=need.name,
                       status=need.status_name), url_for("needs.index", _anchor=f"need-{need.id}"))
    db.session.commit()
    return flash_and_redirect(gettext("Saved. %(name)s is told.", name=client.display_name), "member_needs.index",
                              client_id=client.id)
