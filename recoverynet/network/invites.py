"""Invite links: single-use, expiring after 72 hours, withdrawable, stored only as a hash."""
import hashlib
import secrets
from datetime import timedelta
from enum import Enum

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from recoverynet.extensions import db
from recoverynet.network.models import Contact, Invite
from recoverynet.timeutil import utcnow

INVITE_HOURS = 72


class InviteProblem(Enum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def withdraw_open_invites(contact: Contact) -> None:
    db.session.execute(update(Invite).where(
        Invite.contact_id == contact.id, Invite.used_at.is_(None), Invite.withdrawn_at.is_(None))
        .values(withdrawn_at=utcnow()))


def create_invite(contact: Contact) -> tuple[Invite, str]:
    """A new invite for this card (any earlier open one stops working). The token is
    returned once, to show to the client; the database keeps only its hash."""
    withdraw_open_invites(contact)
    token = secrets.token_urlsafe(24)
    now = utcnow()
    invite = Invite(contact_id=contact.id, token_hash=_digest(token), created_at=now,
                    expires_at=now + timedelta(hours=INVITE_HOURS))
    db.session.add(invite)
    db.session.commit()
    return invite, token


def find_invite(token: str) -> tuple[Invite | None, InviteProblem | None]:
    """The invite for a token if it can still be used, else why not."""
    invite = db.session.scalar(select(Invite).options(_with_client()).where(Invite.token_hash == _digest(token)))
    return invite, invite_problem(invite)


def invite_by_id(invite_id: int) -> Invite | None:
    """The invite with this id, with its card and client."""
    return db.session.get(Invite, invite_id, options=[_with_client()])


def _with_client():
    """The joining pages name the client: the card and its client come in the invite's query."""
    return joinedload(Invite.contact).joinedload(Contact.client)


def invite_problem(invite: Invite | None) -> InviteProblem | None:
    """Why this invite can't be used any more, or None if it still can."""
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite.used_at:
        return InviteProblem.USED
    if invite.withdrawn_at:
        return InviteProblem.WITHDRAWN
    if invite.expires_at <= utcnow():
        return InviteProblem.EXPIRED
    return None


def use_invite(invite: Invite) -> bool:
    """Mark the invite used; only one request can ever succeed (a double tap joins once)."""
    result = db.session.execute(update(Invite).where(Invite.id == invite.id, Invite.used_at.is_(None),
                                                     Invite.withdrawn_at.is_(None))
                                .values(used_at=utcnow()))
    return result.rowcount == 1
