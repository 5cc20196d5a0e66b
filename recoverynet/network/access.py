"""Who is in whose network, and what each member may see. Every member view asks here."""
from flask import abort
from flask_login import current_user
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact, ViewRecord


def membership(client_id: int, member_id: int) -> Contact | None:
    """The contact card that links this member to this client, if they are a member now."""
    return db.session.scalar(select(Contact).where(Contact.client_id == client_id,
                                                   Contact.member_id == member_id))


def require_membership(client_id: int) -> tuple[Contact, User]:
    """The signed-in member's card in this client's network, or 404 (removed members included)."""
    contact = membership(client_id, current_user.id)
    if contact is None:
        abort(404)
    return contact, db.session.get(User, client_id)


# A reward tied to a milestone tells whoever watches it how far the client has got, so following
# one needs the scope that covers that milestone. Rewards given now need none.
MILESTONE_SCOPES = {"sober_days": "sober_days", "checkins": "checkins", "meetings": "checkins"}


def may_follow_milestone(contact: Contact | None, milestone_kind: str | None) -> bool:
    """Whether this member may pledge to, and follow the progress of, a milestone of this kind."""
    if milestone_kind is None:
        return True
    return contact is not None and MILESTONE_SCOPES[milestone_kind] in contact.scopes


def members_with_scope(client_id: int, scope: str) -> list[User]:
    contacts = db.session.scalars(select(Contact).where(
        Contact.client_id == client_id, Contact.member_id.is_not(None)))
    return [db.session.get(User, c.member_id) for c in contacts if scope in c.scopes]


def supported_clients(member: User) -> list[tuple[Contact, User]]:
    """Everyone this person supports, with the card that links them."""
    contacts = db.session.scalars(select(Contact).where(Contact.member_id == member.id)
                                  .order_by(Contact.joined_at))
    return [(contact, db.session.get(User, contact.client_id)) for contact in contacts]


def record_view(client_id: int, scope: str, shown: str) -> None:
    db.session.add(ViewRecord(client_id=client_id, member_id=current_user.id, scope=scope, shown=shown[:200]))
