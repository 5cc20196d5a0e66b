"""Saving and removing a device's push subscription, and the test notification."""
from flask import Blueprint, request
from flask_login import current_user, login_required
from sqlalchemy import delete, select

from recoverynet.extensions import db
from recoverynet.push.models import PushSubscription
from recoverynet.push.queue import TTL, payload, queue_push
from recoverynet.push.texts import event_text

bp = Blueprint("push", __name__, url_prefix="/push")


def _subscription_from_json() -> tuple[str, str, str] | None:
    data = request.get_json(silent=True) or {}
    keys = data.get("keys") or {}
    endpoint, p256dh, auth = data.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    if not (isinstance(endpoint, str) and endpoint.startswith("https://") or
            isinstance(endpoint, str) and endpoint.startswith("http://127.0.0.1")):
        return None
    if not (isinstance(p256dh, str) and isinstance(auth, str)) or len(endpoint) > 2000:
        return None
    return endpoint, p256dh[:200], auth[:100]


def queue_test_push(user) -> int:
    title, body = event_text("test", "Notifications are on. Reminders will arrive here.", user.detailed_notifications)
    return queue_push(user, "test", payload(title, body, "/settings", "test"), ttl=TTL["test"],
                      hold_for_quiet_hours=False)


@bp.post("/subscriptions")
@login_required
def subscribe():
    """Save this device's subscription (replacing any earlier owner of it) and send a test push."""
    parsed = _subscription_from_json()
    if parsed is None:
        return {"error": "invalid_subscription", "message": "That subscription could not be read."}, 422
    endpoint, p256dh, auth = parsed
    existing = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if existing is None:
        existing = PushSubscription(endpoint=endpoint)
        db.session.add(existing)
    existing.user_id, existing.p256dh, existing.auth = current_user.id, p256dh, auth
    existing.user_agent = (request.user_agent.string or "")[:200]
    db.session.flush()
    queue_test_push(current_user)
    db.session.commit()
    return {"status": "subscribed"}, 201


@bp.post("/subscriptions/delete")
@login_required
def unsubscribe():
    """Forget this device's subscription on the server too."""
    endpoint = (request.get_json(silent=True) or {}).get("endpoint", "")
    db.session.execute(delete(PushSubscription).where(PushSubscription.endpoint == endpoint,
                                                      PushSubscription.user_id == current_user.id))
    db.session.commit()
    return {"status": "unsubscribed"}, 200


@bp.post("/test")
@login_required
def test():
    """Send a test notification to every device of this person."""
    count = queue_test_push(current_user)
    db.session.commit()
    return {"status": "queued", "devices": count}, 202
