"""Saving and removing a device's push subscription, and the test notification."""
import base64
import binascii
import hmac

from flask import Blueprint, current_app, request
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import delete, select

from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.push.endpoints import EndpointRefused, check_endpoint, configured_origins
from recoverynet.push.models import PushSubscription
from recoverynet.push.queue import TTL, payload, queue_push
from recoverynet.push.texts import event_text

bp = Blueprint("push", __name__, url_prefix="/push")


def _key_bytes(text: str) -> bytes | None:
    """A subscription key's bytes (base64url, padded or not), or None when it is not base64url."""
    bare = text.rstrip("=")
    if not 0 < len(bare) <= 200 or not bare.isascii():
        return None
    try:
        return base64.b64decode(bare.replace("-", "+").replace("_", "/") + "=" * (-len(bare) % 4), validate=True)
    except binascii.Error:
        return None


def _keys_usable(p256dh: str, auth: str) -> bool:
    """What every browser sends (RFC 8291): an uncompressed P-256 public key, 65 bytes starting
    0x04, and a 16-byte auth secret. Anything else could never be encrypted to, and a key the
    push library can't parse made it raise where the worker expected none."""
    public, secret = _key_bytes(p256dh), _key_bytes(auth)
    return public is not None and len(public) == 65 and public[0] == 4 and secret is not None and len(secret) == 16


def _subscription_from_json() -> tuple[str, str, str] | None:
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    endpoint, p256dh, auth = data.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    if not (isinstance(endpoint, str) and isinstance(p256dh, str) and isinstance(auth, str)):
        return None
    if not _keys_usable(p256dh, auth):
        return None
    return endpoint, p256dh, auth


def _holds_subscription(row: PushSubscription, p256dh: str, auth: str) -> bool:
    """Only the browser that subscribed knows the subscription's keys (the auth secret above
    all), so sending the same ones proves this is that browser and not someone who learnt the
    endpoint."""
    return hmac.compare_digest(row.p256dh, p256dh) and hmac.compare_digest(row.auth, auth)


def queue_test_push(user) -> int:
    """The test notification, in the person's own language (as every push is)."""
    with in_language_of(user):
        title, body = event_text("test", gettext("Notifications are on. Reminders will arrive here."),
                                 user.detailed_notifications)
    return queue_push(user, "test", payload(title, body, "/settings", "test"), ttl=TTL["test"],
                      hold_for_quiet_hours=False)


@bp.post("/subscriptions")
@login_required
def subscribe():
    """Save this device's subscription and send a test push. An endpoint another account holds
    moves to this one only when the keys prove it is the same browser (a shared phone)."""
    parsed = _subscription_from_json()
    if parsed is None:
        return {"error": "invalid_subscription", "message": gettext("That subscription could not be read.")}, 422
    endpoint, p256dh, auth = parsed
    try:
        check_endpoint(endpoint, configured_origins(current_app.config))
    except EndpointRefused as refused:
        return {"error": "invalid_subscription", "reason": str(refused),
                "message": gettext("Notifications can't be sent to this browser's push service.")}, 422
    user_id = current_user.id
    existing = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if existing is not None and existing.user_id != user_id and not _holds_subscription(existing, p256dh, auth):
        return {"error": "subscription_taken",
                "message": gettext("This device is already set up for notifications on another account.")}, 409
    if existing is None:
        existing = PushSubscription(endpoint=endpoint, user_id=user_id, p256dh=p256dh, auth=auth)
        db.session.add(existing)
    existing.user_id, existing.p256dh, existing.auth = user_id, p256dh, auth
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
