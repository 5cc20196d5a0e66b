"""One way to tell someone something happened. (Push delivery joins here with the reminders work.)"""
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification


def notify(user_id: int | None, kind: str, text: str, link: str = "/") -> None:
    """Queue an in-app notification in the current transaction; the caller commits."""
    if user_id is None:
        return
    db.session.add(Notification(user_id=user_id, kind=kind, text=text[:300], link=link))
