"""The client's own triggers: rename, hide, show again and delete.

Entries keep the words they were logged with (EntryTrigger.label is a copy, not a link), so none
of these changes what an entry says, to the client or to a member allowed to see triggers."""
from flask import Blueprint
from flask_babel import gettext
from flask_login import current_user, login_required

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.log.entries import own_triggers
from recoverynet.log.models import STANDARD_TRIGGERS, CustomTrigger
from recoverynet.pages import commit_and_redirect, owned_or_404, read_form, render

# Nested in the log blueprint (log/views.py): /log/triggers, endpoints log.triggers.*
bp = Blueprint("triggers", __name__, url_prefix="/triggers")


def _triggers_page(form: Form | None = None, editing: int | None = None):
    return render("log/triggers.html", triggers=own_triggers(current_user), form=form or Form({}), editing=editing)


def read_new_label(form: Form, trigger: CustomTrigger) -> str:
    """The trigger's new words, lowercased as new triggers are; errors land on `form`."""
    label = form.text("label", required=gettext("Please type the new words for this trigger."), max_length=40).lower()
    if len(label) > 40:  # lowercasing can lengthen text ("İ" becomes two characters)
        form.error("label", gettext("Please keep this under %(num)s characters.", num=40))
    taken = label in STANDARD_TRIGGERS or any(t.label == label for t in own_triggers(current_user) if t is not trigger)
    if label and taken:
        form.error("label", gettext("You already have a trigger called “%(label)s”.", label=label))
    return label


@bp.get("")
@login_required
def index():
    """List the client's own triggers, each ready to rename, hide or delete."""
    return _triggers_page()


@bp.post("/<int:trigger_id>/rename")
@login_required
def rename(trigger_id: int):
    """Give a trigger new words; entries already logged keep the old ones."""
    trigger = owned_or_404(CustomTrigger, trigger_id)
    trigger.label = read_form(read_new_label, lambda form: _triggers_page(form, editing=trigger.id), trigger)
    return commit_and_redirect(gettext("Renamed to “%(label)s”. Entries you already logged keep their words.",
                                       label=trigger.label), "log.triggers.index")


@bp.post("/<int:trigger_id>/hide", endpoint="hide", defaults={"offered": False})
@bp.post("/<int:trigger_id>/show", endpoint="show", defaults={"offered": True})
@login_required
def offer(trigger_id: int, offered: bool):
    """Stop offering a trigger on the log form without losing it (hide), or offer it again (show)."""
    trigger = owned_or_404(CustomTrigger, trigger_id)
    trigger.hidden = not offered
    message = (gettext("“%(label)s” is back on the log form.", label=trigger.label) if offered
               else gettext("“%(label)s” is hidden from the log form. You can show it again here.", label=trigger.label))
    return commit_and_redirect(message, "log.triggers.index")


@bp.post("/<int:trigger_id>/delete")
@login_required
def delete(trigger_id: int):
    """Delete a trigger; entries that have it keep it."""
    trigger = owned_or_404(CustomTrigger, trigger_id)
    label = trigger.label
    db.session.delete(trigger)
    return commit_and_redirect(gettext("“%(label)s” is deleted. Entries you already logged keep it.", label=label),
                               "log.triggers.index")
