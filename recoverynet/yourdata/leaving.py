"""A member steps back from a client's network: a button on the member's page of that client, a
short confirm, done. Access ends with the request (require_membership finds no card any more); the
card stays on the client's map as a contact without an account, so the client can invite again;
rewards the member pledged or offered that were not reached are withdrawn (a giver who can no
longer follow the milestone must not learn it was reached); what they sent stays with the client.
The client is told, neutrally and in the client's language."""
from flask import Blueprint
from flask_babel import gettext
from flask_login import login_required

from recoverynet.i18n import in_language_of
from recoverynet.network.access import require_membership
from recoverynet.notifications.notify import notify
from recoverynet.pages import commit_and_redirect, render
from recoverynet.yourdata.deletion import unlink_member

bp = Blueprint("leaving", __name__)


@bp.get("/support/<int:client_id>/leave")
@login_required
def confirm(client_id: int):
    """Ask before leaving a client's network."""
    contact, client = require_membership(client_id)
    return render("support/leave.html", client=client, contact=contact)


@bp.post("/support/<int:client_id>/leave")
@login_required
def leave(client_id: int):
    """Leave a client's network: access ends at once, the client is told."""
    contact, client = require_membership(client_id)
    name, card_id = contact.name, contact.id
    withdrawn = unlink_member(contact)
    with in_language_of(client):
        if withdrawn:
            text = gettext("%(name)s left your support network, and the rewards they pledged were withdrawn. "
                           "Their card stays on your map, and you can invite them again.", name=name)
        else:
            text = gettext("%(name)s left your support network. Their card stays on your map, "
                           "and you can invite them again.", name=name)
    notify(client.id, "member_left", text, f"/network/{card_id}")
    return commit_and_redirect(gettext("You have left %(name)s's support network.", name=client.display_name),
                               "support.index")
