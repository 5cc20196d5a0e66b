"""Queueing pushes in the same transaction as whatever caused them."""
import json
import secrets
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.timeutil import quiet_hours_end, utcnow

# How long a push service should keep trying to reach an offline phone, by kind.
TTL = {"reminder": 4 * 3600, "crisis_alert": 3600, "event": 24 * 3600, "test": 600}


def payload(title: str, body: str, url: str, tag: str = "", reminder_id: int | None = None,
            answers: tuple[tuple[str, str], ...] = (), dose: dict | None = None) -> str:
    """What the service worker shows (static/js/sw-push.js): every word comes from here, a
    reminder's snooze button too, in the language of the moment (the caller's force_locale:
    the recipient's). `answers`: (answer, button label) pairs the notification offers before
    its snooze, each posted for `dose` (a medication dose: reminder, day and time)."""
    data = {"title": title, "body": body[:400], "url": url, "tag": tag}
    if reminder_id:
        data["reminder"] = reminder_id
        data["snooze"] = gettext("Snooze 1 hour")
    if answers and dose:
        data["answers"] = [{"action": answer, "title": label} for answer, label in answers]
        data["dose"] = dose
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def queue_push(user: User, kind: str, body_json: str, *, when: datetime | None = None, topic: str = "",
               urgency: str = "normal", ttl: int = TTL["event"], reminder_id: int | None = None,
               occurrence_at: datetime | None = None, hold_for_quiet_hours: bool = True) -> int:
    """Add one delivery per device of this person; the caller commits. Returns how many."""
    moment = when or utcnow()
    if hold_for_quiet_hours:
        moment = quiet_hours_end(moment, user.quiet_start, user.quiet_end, user.timezone) or moment
    subscriptions = db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == user.id)).all()
    for subscription in subscriptions:
        # Every push gets a Topic: if a retry follows a timeout the service had in fact accepted,
        # the push service replaces the first copy instead of showing it twice.
        db.session.add(Delivery(user_id=user.id, subscription_id=subscription.id, reminder_id=reminder_id,
                                occurrence_at=occurrence_at, kind=kind, payload=body_json,
                                topic=topic or secrets.token_hex(12), urgency=urgency, ttl=ttl, not_before=moment))
    return len(subscriptions)
