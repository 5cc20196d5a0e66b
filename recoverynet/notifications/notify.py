"""One way to tell someone something happened: in the app, and by push on their devices."""
from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification
from recoverynet.push.queue import TTL, payload, queue_push
from recoverynet.push.texts import event_text


def notify(user_id: int | None, kind: str, text: str, link: str = "/", name: str = "") -> None:
    """Queue an in-app notification and its pushes in the current transaction; the caller commits.

    `text` is the full in-app text; the lock screen shows it only to people who chose
    detailed notifications. Crisis alerts go out at high urgency, even in quiet hours."""
    if user_id is None:
        return
    db.session.add(Notification(user_id=user_id, kind=kind, text=text[:300], link=link))
    user = db.session.get(User, user_id)
    title, body = event_text(kind, text, user.detailed_notifications, name=name)
    crisis = kind == "crisis_alert"
    queue_push(user, kind, payload(title, body, link, kind), urgency="high" if crisis else "normal",
               ttl=TTL["crisis_alert"] if crisis else TTL["event"], hold_for_quiet_hours=not crisis)
