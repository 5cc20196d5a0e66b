"""Sign-up confirmation links: signed, valid for CONFIRM_HOURS, and single-use because they
are bound to the account being unconfirmed and to its pending password (a newer sign-up for
the same address, or confirming, voids the link)."""
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from recoverynet.auth.models import User
from recoverynet.auth.reset import password_fingerprint
from recoverynet.auth.sessions import start_session
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

CONFIRM_HOURS = 72  # as long as an invite lasts, so a joiner's link outlives neither
_SALT = "confirm-signup"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def make_confirm_token(user: User, invite_id: int | None = None) -> str:
    """A link token for this pending account; `invite_id` brings a joiner back to their invite."""
    return _serializer().dumps({"user": user.id, "pw": password_fingerprint(user), "invite": invite_id})


def pending_account(token: str) -> tuple[User | None, int | None]:
    """The unconfirmed account a link is for and its invite, or (None, None) if the link is
    forged, expired, already used or replaced by a newer sign-up."""
    try:
        payload = _serializer().loads(token, max_age=CONFIRM_HOURS * 3600)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None, None
    user = db.session.get(User, payload.get("user"))
    if user is None or user.confirmed_at is not None or payload.get("pw") != password_fingerprint(user):
        return None, None
    return user, payload.get("invite")


def confirm_and_sign_in(user: User) -> None:
    user.confirmed_at = utcnow()
    db.session.commit()
    start_session(user)
