"""Sign-in rate limits per account and per address, kept in the database so every
worker process on every machine counts the same attempts."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from recoverynet.auth.models import LoginAttempt
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow


def _failures_since(column, value, since) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginAttempt).where(
        column == value, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since))


def is_throttled(email: str, address: str) -> bool:
    config = current_app.config
    since = utcnow() - timedelta(minutes=config["LOGIN_LIMIT_MINUTES"])
    return (_failures_since(LoginAttempt.email, email, since) >= config["LOGIN_LIMIT_PER_ACCOUNT"]
            or _failures_since(LoginAttempt.address, address, since) >= config["LOGIN_LIMIT_PER_ADDRESS"])


def record_attempt(email: str, address: str, succeeded: bool) -> None:
    if succeeded:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    else:
        db.session.add(LoginAttempt(email=email, address=address, succeeded=False))
    # Old attempts say nothing about now; drop them as we go.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - timedelta(days=1)))
    db.session.commit()
