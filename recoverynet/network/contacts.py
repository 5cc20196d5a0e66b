"""The client's network map and contact cards."""
from flask import Blueprint
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.network.access import views_by_day
from recoverynet.network.cards import gaps, map_dots
from recoverynet.network.forms import read_contact_form
from recoverynet.network.models import (CIRCLES, CONTACT_METHODS, LABELS, RELATIONSHIP_NAMES, SCOPES, Contact,
                                        Invite, ViewRecord)
from recoverynet.pages import add_delete_views, commit_and_redirect, owned_or_404, read_form, render
from recoverynet.timeutil import utcnow

bp = Blueprint("network", __name__, url_prefix="/network")


def own_contact(contact_id: int) -> Contact:
    """The signed-in client's contact card, or 404."""
    return owned_or_404(Contact, contact_id, "client_id")


def _contacts() -> list[Contact]:
    return list(db.session.scalars(select(Contact).where(Contact.client_id == current_user.id)
                                   .order_by(Contact.name)))


def _form_page(template: str, form: Form, contact: Contact | None = None):
    # A refused form is answered 422 by read_form, whatever this page's own status.
    return render(template, form=form, contact=contact, circles=CIRCLES,
                  relationships=RELATIONSHIP_NAMES.items(), labels=LABELS, methods=CONTACT_METHODS)


@bp.get("")
@login_required
def index():
    """Show the network map as a picture and a list, with the gaps it shows."""
    contacts = _contacts()
    # An empty map gets one welcome and one next step, not a list of what is missing.
    return render("network/index.html", contacts=contacts, dots=map_dots(contacts),
                  gaps=gaps(contacts) if contacts else [],
                  circles=CIRCLES, labels=LABELS)


@bp.get("/new")
@login_required
def new():
    """Show an empty contact card."""
    return _form_page("network/new.html", Form({}))


@bp.post("")
@login_required
def create():
    """Add a person or group to the map."""
    values = read_form(read_contact_form, lambda form: _form_page("network/new.html", form))
    contact = Contact(client_id=current_user.id, **values)
    db.session.add(contact)
    db.session.flush()  # gives the card its id, for the address below
    return commit_and_redirect(gettext("%(name)s is on your map.", name=contact.name), "network.show",
                               contact_id=contact.id)


@bp.get("/<int:contact_id>")
@login_required
def show(contact_id: int):
    """Show one contact card: details, invite, and what they may see."""
    contact = own_contact(contact_id)
    open_invite = db.session.scalar(select(Invite).where(
        Invite.contact_id == contact.id, Invite.used_at.is_(None), Invite.withdrawn_at.is_(None),
        Invite.expires_at > utcnow()))
    return render("network/show.html", contact=contact, open_invite=open_invite, scopes=SCOPES,
                  labels=LABELS, circles=CIRCLES, methods=CONTACT_METHODS)


@bp.get("/<int:contact_id>/edit")
@login_required
def edit(contact_id: int):
    """Show a contact card ready to change."""
    return _form_page("network/edit.html", Form({}), own_contact(contact_id))


@bp.post("/<int:contact_id>")
@login_required
def update(contact_id: int):
    """Save changes to a contact card."""
    contact = own_contact(contact_id)
    values = read_form(read_contact_form, lambda form: _form_page("network/edit.html", form, contact))
    for name, value in values.items():
        setattr(contact, name, value)
    return commit_and_redirect(gettext("Saved."), "network.show", contact_id=contact.id)


# Ask before taking someone off the map, then do it; a member loses all access with the card.
add_delete_views(bp, "/<int:contact_id>", own_contact, "network/delete.html", "contact",
                 lambda contact: (gettext("%(name)s is no longer on your map.", name=contact.name), "network.index"))


@bp.get("/views")
@login_required
def views():
    """Who saw what: every time a member opened a view of the client's data."""
    # Each viewer's own name comes with the records: a member since taken off the map has no card.
    records = db.session.scalars(select(ViewRecord).options(joinedload(ViewRecord.member))
                                 .where(ViewRecord.client_id == current_user.id)
                                 .order_by(ViewRecord.viewed_at.desc()).limit(200)).all()
    names = {c.member_id: c.name for c in _contacts() if c.member_id}
    viewers = {r.member_id: names.get(r.member_id) or r.member.display_name for r in records}
    return render("network/views.html", days=views_by_day(records, current_user.timezone), viewers=viewers,
                  scopes=SCOPES)
