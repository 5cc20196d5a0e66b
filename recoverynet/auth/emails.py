"""The emails about an account (reset, sign-up confirmation, "someone used your address"),
composed from templates/email/ and queued for the worker.

Anyone can ask for these without signing in, so each request goes through `may_email`
first: it records the request (for every address, with or without an account, so a request
for a real account does no more database work than one for a made-up address; a commit that
writes takes 3-25 ms here, one that doesn't under 1 ms) and says whether the limits allow
another email: EMAIL_LIMIT_PER_ADDRESS to one address and EMAIL_LIMIT_PER_CLIENT at the request
of one client address in EMAIL_LIMIT_MINUTES. Over a limit nothing is queued and the page
answers the same.

Each email, subject and body, is in its recipient's language (User.language, which sign-up
copies from the page it was made on), not in the language of whoever asked for it.
"""
from datetime import timedelta

from flask import current_app, render_template, request
from flask_babel import force_locale, gettext, lazy_gettext
from sqlalchemy import delete, func, select

from recoverynet.auth.confirm import make_confirm_token
from recoverynet.auth.models import EmailRequest, User
from recoverynet.auth.reset import make_reset_token
from recoverynet.extensions import db
from recoverynet.links import public_url
from recoverynet.mail import queue_email
from recoverynet.timeutil import utcnow


def may_email(address: str) -> bool:
    """Record that this client asked us to email `address`; whether the limits allow it."""
    config = current_app.config
    client = (request.remote_addr or "unknown")[:64]  # as ProxyFix found it, never a header the client wrote
    granted = select(func.count(EmailRequest.id)).where(
        EmailRequest.granted.is_(True),
        EmailRequest.at > utcnow() - timedelta(minutes=config["EMAIL_LIMIT_MINUTES"]))
    allowed = (db.session.scalar(granted.where(EmailRequest.email == address)) < config["EMAIL_LIMIT_PER_ADDRESS"]
               and db.session.scalar(granted.where(EmailRequest.client_address == client))
               < config["EMAIL_LIMIT_PER_CLIENT"])
    db.session.add(EmailRequest(email=address, client_address=client, granted=allowed))
    return allowed


def forget_old_email_requests() -> int:
    """Drop requests older than the limits look back (the worker calls this); the number dropped."""
    since = utcnow() - timedelta(minutes=current_app.config["EMAIL_LIMIT_MINUTES"])
    dropped = db.session.execute(delete(EmailRequest).where(EmailRequest.at < since)).rowcount
    db.session.commit()
    return dropped


def _queue(user: User, subject: str, template: str, **context) -> None:
    """`subject` is marked where it is written (lazy_gettext) and worded here, with the
    body, in the recipient's language."""
    with force_locale(user.language or "en"):
        queue_email(user.email, str(subject), render_template(f"email/{template}", user=user, **context))


def request_reset_email(email: str) -> None:
    """Queue a reset link if `email` has an account and the limits allow it."""
    allowed = may_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    # Composed for a made-up address too (and thrown away), so the time taken doesn't differ.
    someone = user or User(id=0, email=email, display_name="", password_hash="")
    with force_locale(someone.language or "en"):
        subject = gettext("Reset your RecoveryNet password")
        body = render_template("email/reset.txt", user=someone, minutes=current_app.config["PASSWORD_RESET_MINUTES"],
                               link=public_url("auth.reset", token=make_reset_token(someone)))
    if allowed and user:
        queue_email(user.email, subject, body)


def queue_confirmation_email(user: User, invite_id: int | None = None, joining: str = "") -> None:
    """The link that confirms a new account; a joiner's brings them back to their invite
    (`joining` is the name of the person whose network it is)."""
    token = make_confirm_token(user, invite_id)
    link = public_url("support.join_confirm" if invite_id else "auth.confirm", token=token)
    _queue(user, lazy_gettext("Confirm your RecoveryNet account"), "confirm.txt", link=link, joining=joining)


def queue_already_registered_email(user: User, joining: str = "") -> None:
    """Sent instead of saying "there is already an account", which would tell a stranger too."""
    _queue(user, lazy_gettext("Someone tried to sign up with your email"), "already_registered.txt",
           sign_in=public_url("auth.login"), forgot=public_url("auth.forgot"), joining=joining)
