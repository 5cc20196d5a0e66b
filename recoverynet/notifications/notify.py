"""One way to tell someone something happened: in the app, and by push on their devices.

Both speak the RECIPIENT's language, not the sender's: the text is composed when it is sent, in
the recipient's language (i18n.in_language_of), and stored as written, so the inbox shows it
as it was sent and a later change of language leaves earlier notices as they were."""
from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.notifications.models import Notification
from recoverynet.push.queue import TTL, payload, queue_push
from recoverynet.push.texts import event_text


def notify(user_id: int | None, kind: str, text, link: str = "/", name: str = "") -> None:
    """Queue an in-app notification and its pushes in the current transaction; the caller commits.

    `text` is the full in-app text; the lock screen shows it only to people who chose
    detailed notifications. Crisis alerts go out at high urgency, even in quiet hours.
    `text` may be a lazy text (lazy_gettext, lazy_ngettext): it is read here, in the recipient's
    language, as are the push's own words."""
    if user_id is None:
        return
    user = db.session.get(User, user_id)
    with in_language_of(user):
        text = str(text)
        title, body = event_text(kind, text, user.detailed_notifications, name=name)
    db.session.add(Notification(user_id=user_id, kind=kind, text=text[:300], link=link))
    crisis = kind == "crisis_alert"
    queue_push(user, kind, payload(title, body, link, kind), urgency="high" if crisis else "normal",
               ttl=TTL["crisis_alert"] if crisis else TTL["event"], hold_for_quiet_hours=not crisis)
