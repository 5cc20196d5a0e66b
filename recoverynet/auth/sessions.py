"""Server-side sessions: the cookie carries a random token, the database decides if it is live.

A session lives at most SESSION_DAYS, and ends sooner when unused for SESSION_IDLE_DAYS.
"""
import hashlib
import logging
import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask_babel import get_locale, gettext
from flask_login import login_user, logout_user
from sqlalchemy import ColumnElement, Select, and_, bindparam, delete, or_, select, update
from sqlalchemy.exc import OperationalError

from recoverynet import sqlite
from recoverynet.auth.devices import describe_device, forget_other_devices
from recoverynet.auth.models import AuthSession, DeletedAccountSession, User
from recoverynet.extensions import db, login_manager
from recoverynet.pages import wants_json
from recoverynet.timeutil import utcnow

log = logging.getLogger(__name__)

# last_seen_at is written at most this often: often enough for the idle limit (days), rarely
# enough that reading pages doesn't turn into a database write each time.
TOUCH_EVERY = timedelta(minutes=5)

# The crisis page never waits on anyone's write, not even this session's own bookkeeping.
NEVER_WRITES = frozenset({"crisis.crisis"})

# Sent with the first answer to a browser whose session was ended from another device (sign out
# everywhere, a new password): it deletes the crisis page and outbox the phone keeps offline.
# A session that merely expired keeps them: that copy is the person's own offline lifeline.
FORGET_THIS_DEVICE = '"cache", "storage"'


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _idle_limit() -> timedelta:
    return timedelta(days=current_app.config["SESSION_IDLE_DAYS"])


def _live():
    """The conditions for a session that may still be used."""
    now = utcnow()
    return and_(AuthSession.revoked_at.is_(None), AuthSession.expires_at > now,
                AuthSession.last_seen_at > now - _idle_limit())


def _session_query(along: dict[str, Callable[[ColumnElement], ColumnElement]]) -> Select:
    return (select(AuthSession, User, *(column_for(User.id) for column_for in along.values()))
            .join(User, User.id == AuthSession.user_id)
            .where(AuthSession.token_hash == bindparam("token_hash")))


def load_with_person(app: Flask, name: str, column_for: Callable[[ColumnElement], ColumnElement]) -> None:
    """Have the query that finds this browser's session also bring `column_for(User.id)`, kept
    as g.<name> (None when signed out): for a value every signed-in page shows, such as the top
    bar's unread count, which a feature registers from its own init_app."""
    along = app.extensions["session_loads_along"]
    along[name] = column_for
    # Built once, not per request: building a statement costs more than SQLite takes to run it.
    app.extensions["session_query"] = _session_query(along)


def _this_session() -> AuthSession | None:
    """The row for this browser's session cookie, live or not; looked up once per request.

    One query brings the person along, and what features asked for with load_with_person:
    every signed-in page needs them all, and a round trip each was a third of a simple page's
    queries."""
    if "auth_session" not in g:
        token = session.get("sid")
        query = current_app.extensions["session_query"]
        found = db.session.execute(query, {"token_hash": _digest(token)}).first() if token else None
        along = current_app.extensions["session_loads_along"]
        # Holding the User keeps it in the session's identity map, so load_user's get() is free.
        g.auth_session, g.auth_user, *values = found or (None,) * (2 + len(along))
        for name, value in zip(along, values):
            setattr(g, name, value)
    return g.auth_session


def _is_live(row: AuthSession) -> bool:
    now = utcnow()
    return row.revoked_at is None and row.expires_at > now and row.last_seen_at > now - _idle_limit()


def start_session(user: User) -> None:
    """Sign in with a brand-new session id, so a fixated or stolen old one is useless."""
    token = secrets.token_urlsafe(32)
    lifetime: timedelta = current_app.permanent_session_lifetime
    now = utcnow()
    g.auth_session = AuthSession(token_hash=_digest(token), user_id=user.id, expires_at=now + lifetime,
                                 device=describe_device(request.user_agent.string))
    if not user.language:
        # Someone who never chose keeps the language they just signed in on (the switch's cookie or
        # their browser's), so emails and notifications sent while they are away speak it too.
        user.language = get_locale().language
    db.session.add(g.auth_session)
    # Drop sessions nobody can use any more. An ended one is kept while its cookie may still be
    # sent (the cookie is re-issued with each change, so up to a lifetime past its end).
    db.session.execute(delete(AuthSession).where(or_(
        and_(AuthSession.revoked_at.is_(None),
             or_(AuthSession.expires_at < now, AuthSession.last_seen_at < now - _idle_limit())),
        AuthSession.expires_at < now - lifetime)))
    db.session.commit()
    session.clear()
    session.permanent = True
    session["sid"] = token
    # The phone may hold someone else's crisis page from before: replace it with this person's.
    session["refresh_crisis"] = True
    login_user(user)


def end_session() -> None:
    token = session.get("sid")
    if token:
        db.session.execute(delete(AuthSession).where(AuthSession.token_hash == _digest(token)))
        db.session.commit()
    g.pop("auth_session", None)
    logout_user()
    session.clear()


def end_other_sessions(user: User) -> None:
    """Sign out every other device (after a password change or reset, or from Settings); they
    are no longer known devices either, so a lost phone can't guess the password unslowed."""
    current = _digest(session.get("sid", ""))
    db.session.execute(update(AuthSession).where(
        AuthSession.user_id == user.id, AuthSession.token_hash != current, AuthSession.revoked_at.is_(None),
    ).values(revoked_at=utcnow()))
    db.session.commit()
    forget_other_devices(user)


def end_one_session(user: User, session_id: int) -> None:
    """Sign out one of this person's other devices; someone else's session id does nothing."""
    db.session.execute(update(AuthSession).where(
        AuthSession.id == session_id, AuthSession.user_id == user.id,
        AuthSession.token_hash != _digest(session.get("sid", "")), AuthSession.revoked_at.is_(None),
    ).values(revoked_at=utcnow()))
    db.session.commit()


def signed_in_devices(user: User) -> list[AuthSession]:
    """This person's live sessions, the most recently used first."""
    return list(db.session.scalars(select(AuthSession).where(AuthSession.user_id == user.id, _live())
                                   .order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc())))


def this_session_id() -> int | None:
    row = _this_session()
    return row.id if row else None


@login_manager.unauthorized_handler
def unauthorized():
    """Pages send the person to sign in; scripts (the offline outbox) get a plain 401."""
    if wants_json():
        return {"error": "signed_out", "message": gettext("Please sign in again.")}, 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    row = _this_session()
    if row is None or not user_id.isdigit() or row.user_id != int(user_id) or not _is_live(row):
        return None
    return db.session.get(User, row.user_id)


def _check_session() -> None:
    """A session ended from another device makes this browser forget what it keeps; a live one
    notes it was used, for the idle limit. (That write is the session's own bookkeeping, not
    the person's data, and happens at most every TOUCH_EVERY.)"""
    if request.endpoint == "static":
        return
    row = _this_session()
    if row is None:
        return _after_account_deleted()
    now = utcnow()
    if row.revoked_at is not None:
        g.ended_elsewhere = True
        session.clear()
    elif _is_live(row) and now - row.last_seen_at >= TOUCH_EVERY and request.endpoint not in NEVER_WRITES:
        row.last_seen_at = now
        try:
            with sqlite.without_waiting_for_the_lock():
                db.session.flush()
            db.session.commit()
        except OperationalError as error:
            # Bookkeeping can wait for the next request; the page the person asked for can't.
            db.session.rollback()
            log.warning("Session last-seen not written: %s", error.orig)


# Pages that answer a device of a deleted account as they answer anyone signed out, rather than
# sending it to sign in: the crisis page above all, and what the service worker fetches.
ANSWERED_AS_SIGNED_OUT = frozenset({"crisis.crisis", "pwa.service_worker", "pwa.manifest", "pwa.offline"})


def _after_account_deleted():
    """A cookie of a deleted account (its session's hash kept alone, yourdata/deletion.py): the
    device forgets what it keeps, as after signing out elsewhere, and is sent to sign in with a
    word on why. Asked only of a cookie that matches no session, which is rare."""
    token = session.get("sid")
    if not token or db.session.get(DeletedAccountSession, _digest(token)) is None:
        return None
    g.ended_elsewhere = True
    session.clear()
    flash(gettext("This account was deleted. This device is signed out, and what it kept offline is removed."))
    if request.method == "GET" and request.endpoint not in ANSWERED_AS_SIGNED_OUT and not wants_json():
        return redirect(url_for("auth.login"), code=303)
    return None


def _tell_an_ended_device_to_forget(response):
    if g.get("ended_elsewhere"):
        response.headers["Clear-Site-Data"] = FORGET_THIS_DEVICE
    return response


def init_app(app: Flask) -> None:
    app.extensions["session_loads_along"] = {}
    app.extensions["session_query"] = _session_query({})
    app.before_request(_check_session)
    app.after_request(_tell_an_ended_device_to_forget)
