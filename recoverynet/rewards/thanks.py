"""The newest word of encouragement a client's network sent them, and their thank-you for it.

Home shows the message; the thank-you reaches its sender like a reward's thanks does
(rewards/views.py thank): a notification, in the sender's language, with the client's words."""
from flask_babel import lazy_gettext
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import aliased, joinedload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.notifications.notify import notify
from recoverynet.rewards.models import Encouragement
from recoverynet.timeutil import utcnow


def _from_network_now(client: User):
    """Messages to this client from people in their network today: a member since removed
    (or an account since deleted) no longer speaks from the client's Home."""
    return (select(Encouragement).join(Contact, (Contact.client_id == Encouragement.client_id)
                                       & (Contact.member_id == Encouragement.sender_id))
            .where(Encouragement.client_id == client.id))


def latest_encouragement(client: User) -> Encouragement | None:
    """The newest message the client's network sent them, with its sender."""
    newest_first = (_from_network_now(client).options(joinedload(Encouragement.sender))
                    .order_by(Encouragement.sent_at.desc(), Encouragement.id.desc()))
    # Equivalent mutants (limit None or 2): first() reads one row either way; the limit only spares
    # the database the rest. (mutmut reads a pragma on the line where a statement begins.)
    return db.session.scalars(newest_first.limit(1)).first()  # pragma: no mutate


def is_newest_from_network(person_id) -> ColumnElement[bool]:
    """Joined on this, an Encouragement is latest_encouragement's: Home's row, which comes with
    the session's lookup (an index range on ix_encouragement_client_sent, then one by its key)."""
    newest = aliased(Encouragement)
    newest_id = (select(newest.id).join(Contact, (Contact.client_id == newest.client_id)
                                        & (Contact.member_id == newest.sender_id))
                 .where(newest.client_id == person_id)
                 .order_by(newest.sent_at.desc(), newest.id.desc()).limit(1).scalar_subquery())
    return Encouragement.id == newest_id


def encouragement_to_thank(client: User, message_id: int) -> Encouragement | None:
    """One of the client's messages from their network, or None (another's, or from someone removed)."""
    return db.session.scalars(_from_network_now(client).options(joinedload(Encouragement.sender))
                              .where(Encouragement.id == message_id)).first()


def send_thanks(message: Encouragement, client: User, words: str) -> None:
    """Tell the sender the client says thank you (the caller commits)."""
    message.thanked_at = utcnow()
    if words:
        text = lazy_gettext("%(name)s says thank you: “%(text)s”", name=client.display_name, text=words)
    else:
        text = lazy_gettext("%(name)s says thank you for your message.", name=client.display_name)
    notify(message.sender_id, "encouragement_thanked", text, f"/support/{client.id}")
