"""Password-reset links: signed, short-lived, and single-use because they are bound
to the current password hash (setting a new password voids the link)."""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from recoverynet.auth.models import User
from recoverynet.extensions import db

_SALT = "password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "pw": password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The user the link is for, or None if it is forged, expired or already used."""
    max_age = current_app.config["PASSWORD_RESET_MINUTES"] * 60
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    user = db.session.get(User, payload.get("user"))
    if user is None or payload.get("pw") != password_fingerprint(user):
        return None
    return user
