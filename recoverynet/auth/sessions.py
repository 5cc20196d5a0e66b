"""Server-side sessions: the cookie carries a random token, the database decides if it is live.

A session lives at most SESSION_DAYS, and ends sooner when unused for SESSION_IDLE_DAYS.
"""
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

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
T = TypeVar("T")

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


@dataclass(frozen=True)
class _Along:
    """Something a feature asked the session's query to bring (load_with_person, load_row_with_person)."""
    column_for: Callable[[ColumnElement], ColumnElement] | None = None
    row: tuple | None = None  # (entity, on(User.id), loader options)
    pages: frozenset[str] | None = None  # endpoints; None: every page


def _session_query(along: dict[str, _Along]) -> Select:
    query = (select(AuthSession, User, *(part.column_for(User.id) for part in along.values() if part.column_for))
             .join(User, User.id == AuthSession.user_id)
             .where(AuthSession.token_hash == bindparam("token_hash")))
    for part in along.values():
        if part.row:
            entity, on, options = part.row
            query = query.add_columns(entity).outerjoin(entity, on(User.id)).options(*options)
    return query


def _register(app: Flask, name: str, part: _Along) -> None:
    app.extensions["session_loads_along"][name] = part
    app.extensions["session_queries"] = {}  # built again, per page, at the next request


def load_with_person(app: Flask, name: str, column_for: Callable[[ColumnElement], ColumnElement],
                     pages: tuple[str, ...] | None = None) -> None:
    """Have the query that finds this browser's session also bring `column_for(User.id)`, kept
    as g.<name> (None when signed out): for a value every signed-in page shows, such as the top
    bar's unread count, which a feature registers from its own init_app. With `pages` (endpoints)
    it comes only on those pages, such as a "has any?" that lets Home skip an empty block's query;
    read it there with brought_along(name, otherwise)."""
    _register(app, name, _Along(column_for=column_for, pages=frozenset(pages) if pages else None))


def load_row_with_person(app: Flask, name: str, entity, on: Callable[[ColumnElement], ColumnElement], *options,
                         pages: tuple[str, ...]) -> None:
    """As load_with_person, for one row: `entity` outer-joined `on(User.id)` (at most one row, such as
    the newest of something), with its loader `options`; g.<name> is the row, or None."""
    _register(app, name, _Along(row=(entity, on, options), pages=frozenset(pages)))


def _query_for_page(endpoint: str | None) -> tuple[list[str], Select]:
    """The session's query for this page, and the names of what it brings, in its columns' order.
    Built once per page, not per request: building a statement costs more than SQLite takes to run it."""
    built = current_app.extensions["session_queries"]
    if endpoint not in built:
        along = {name: part for name, part in current_app.extensions["session_loads_along"].items()
                 if part.pages is None or endpoint in part.pages}
        in_order = {name: part for name, part in along.items() if part.column_for}
        in_order |= {name: part for name, part in along.items() if part.row}
        built[endpoint] = list(in_order), _session_query(in_order)
    return built[endpoint]


def brought_along(name: str, otherwise: Callable[[], T]) -> T:
    """What the session's query brought for `name` on this page, or otherwise() on a page it
    didn't (Home shown again by a form's POST, say)."""
    along = g.get("brought_along", {})
    return along[name] if name in along else otherwise()


def _this_session() -> AuthSession | None:
    """The row for this browser's session cookie, live or not; looked up once per request.

    One query brings the person along, and what features asked for with load_with_person:
    every signed-in page needs them all, and a round trip each was a third of a simple page's
    queries."""
    if "auth_session" not in g:
        token = session.get("sid")
        names, query = _query_for_page(request.endpoint)
        found = db.session.execute(query, {"token_hash": _digest(token)}).first() if token else None
        # Holding the User keeps it in the session's identity map, so load_user's get() is free.
        g.auth_session, g.auth_user, *values = found or (None,) * (2 + len(names))
        g.brought_along = dict(zip(names, values)) if found else {}
        for name, value in zip(names, values):
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
    app.extensions["session_queries"] = {}
    app.before_request(_check_session)
    app.after_request(_tell_an_ended_device_to_forget)
