"""Server-side sessions: the cookie carries a random token, the database decides if it is live."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, redirect, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from recoverynet.auth.models import AuthSession, User
from recoverynet.extensions import db, login_manager
from recoverynet.pages import wants_json
from recoverynet.timeutil import utcnow


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """Sign in with a brand-new session id, so a fixated or stolen old one is useless."""
    token = secrets.token_urlsafe(32)
    lifetime: timedelta = current_app.permanent_session_lifetime
    db.session.add(AuthSession(token_hash=_digest(token), user_id=user.id, expires_at=utcnow() + lifetime))
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
    logout_user()
    session.clear()


def end_other_sessions(user: User) -> None:
    """After a password change or reset, sign out every other device."""
    current = _digest(session.get("sid", ""))
    db.session.execute(delete(AuthSession).where(
        AuthSession.user_id == user.id, AuthSession.token_hash != current))
    db.session.commit()


@login_manager.unauthorized_handler
def unauthorized():
    """Pages send the person to sign in; scripts (the offline outbox) get a plain 401."""
    if wants_json():
        return {"error": "signed_out", "message": "Please sign in again."}, 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    token = session.get("sid")
    if not token or not user_id.isdigit():
        return None
    live = db.session.scalar(select(AuthSession).where(
        AuthSession.token_hash == _digest(token),
        AuthSession.user_id == int(user_id),
        AuthSession.expires_at > utcnow(),
    ))
    return db.session.get(User, live.user_id) if live else None
