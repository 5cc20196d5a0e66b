"""Slowing password guessing down without ever locking the owner out.

Wrong passwords are counted per account from one address, and per address over all accounts
(one address trying many accounts). Past the allowance each next try must wait twice as long
as the one before (1 s, 2 s, 4 s… at most the window), counted from the last failure. The
answer is an immediate 429 saying how long to wait: sleeping in the request would tie up a
worker. A device that signed in to the account before is never slowed down (devices.py), and
another address's guessing never slows this one, so a stranger can't keep the owner out.
Kept in the database so every worker process on every machine counts the same attempts.
"""
import math
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from recoverynet.auth.models import LoginAttempt
from recoverynet.extensions import db
from recoverynet.timeutil import as_utc, utcnow


def _failures_since(since: datetime, *where) -> tuple[int, datetime | None]:
    """How many failures match, and when the last one was."""
    count, last = db.session.execute(select(func.count(), func.max(LoginAttempt.at)).where(
        *where, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)).one()
    return count, as_utc(last) if last else None


def _wait_after(failures: int, last: datetime | None, allowed: int, window: timedelta) -> float:
    if failures < allowed or last is None:
        return 0
    # The exponent is capped only so a flood of failures can't build a huge number.
    delay = min(timedelta(seconds=2 ** min(failures - allowed, 30)), window)
    return max((last + delay - utcnow()).total_seconds(), 0)


def seconds_to_wait(email: str, address: str) -> int:
    """Seconds before this account may be tried again from this address (0: go ahead)."""
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_LIMIT_MINUTES"])
    since = utcnow() - window
    pair = _failures_since(since, LoginAttempt.email == email, LoginAttempt.address == address)
    spray = _failures_since(since, LoginAttempt.address == address)
    return math.ceil(max(_wait_after(*pair, config["LOGIN_LIMIT_PER_ACCOUNT"], window),
                         _wait_after(*spray, config["LOGIN_LIMIT_PER_ADDRESS"], window)))


def describe_wait(seconds: int) -> str:
    """'40 seconds' or '7 minutes': the real time left, rounded up."""
    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", seconds)
    return ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60))


def record_attempt(email: str, address: str, succeeded: bool) -> None:
    if succeeded:
        # Only this address's failures are forgiven: a stranger's guesses elsewhere still count.
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email,
                                                      LoginAttempt.address == address))
    else:
        db.session.add(LoginAttempt(email=email, address=address, succeeded=False))
    # Old attempts say nothing about now; drop them as we go.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < utcnow() - timedelta(days=1)))
    db.session.commit()
