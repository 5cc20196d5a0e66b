"""The client's choices about a member: invite, what they may see, removal."""
from urllib.parse import quote

import segno
from flask import Blueprint, request
from flask_babel import gettext
from flask_login import current_user, login_required
from markupsafe import Markup

from recoverynet.extensions import db
from recoverynet.links import public_url
from recoverynet.network.contacts import own_contact
from recoverynet.network.invites import INVITE_HOURS, create_invite, withdraw_open_invites
from recoverynet.network.models import SCOPES, Grant
from recoverynet.pages import commit_and_redirect, flash_and_redirect, render

bp = Blueprint("sharing", __name__, url_prefix="/network")


@bp.post("/<int:contact_id>/invite")
@login_required
def invite(contact_id: int):
    """Make a new invite link and show the ways to send it (share, text message, QR code)."""
    contact = own_contact(contact_id)
    if contact.member_id:
        return flash_and_redirect(gettext("%(name)s has already joined.", name=contact.name), "network.show",
                                  contact_id=contact.id)
    invite, token = create_invite(contact)
    link = public_url("support.join", token=token)
    # For someone with no account yet, so no language of their own: the client's, who knows them.
    message = gettext("%(name)s would like you in their support team on RecoveryNet. "
                      "This link works once, for %(hours)d hours: %(link)s",
                      name=current_user.display_name, hours=INVITE_HOURS, link=link)
    sms = f"sms:{contact.phone.replace(' ', '')}?&body={quote(message)}"
    qr = Markup(segno.make(link, error="m").svg_inline(scale=5, dark="#000", light="#fff"))
    return render("network/invite.html", contact=contact, invite=invite, link=link, message=message,
                  sms=sms, qr=qr, hours=INVITE_HOURS)


@bp.post("/<int:contact_id>/invite/withdraw")
@login_required
def withdraw(contact_id: int):
    """Stop an invite link from working."""
    contact = own_contact(contact_id)
    withdraw_open_invites(contact)
    return commit_and_redirect(gettext("The invite link no longer works."), "network.show", contact_id=contact.id)


@bp.post("/<int:contact_id>/sharing")
@login_required
def sharing(contact_id: int):
    """Choose what this member may see; it applies from their next request."""
    contact = own_contact(contact_id)
    chosen = set(request.form.getlist("scopes")) & set(SCOPES)
    contact.grants = [g for g in contact.grants if g.scope in chosen] + [
        Grant(scope=scope) for scope in sorted(chosen - contact.scopes)]
    saved = (gettext("Saved. %(name)s sees only what you ticked.", name=contact.name) if chosen
             else gettext("Saved. %(name)s sees nothing yet.", name=contact.name))
    return commit_and_redirect(saved, "network.show", contact_id=contact.id)


@bp.post("/<int:contact_id>/remove")
@login_required
def remove(contact_id: int):
    """End a member's access to everything; their card stays on the map."""
    contact = own_contact(contact_id)
    contact.member_id, contact.joined_at, contact.grants = None, None, []
    withdraw_open_invites(contact)
    return commit_and_redirect(gettext("%(name)s no longer has access to anything of yours.", name=contact.name),
                               "network.show", contact_id=contact.id)
