"""Signing up (a client, or a member joining by invite) without telling anyone whether an
address already has an account.

Sign-up answers "Check your email" whatever happens, and the two cases differ only in what
lands in that inbox:
- a new address gets an unconfirmed account and a confirmation link (auth/confirm.py);
  opening it confirms the account and signs the person in;
- an address with an account gets nothing created; its owner is told someone tried, with
  links to sign in or reset the password.
The work is the same too: the password is hashed on both paths, both record the request
for the email limits (auth/emails.py) and both only queue an email (the worker sends it), so
the response time tells nothing either.

Why an unconfirmed account cannot sign in, with the same message as a wrong password: a
stranger who signs up with someone's address and then signs in with the password they just
chose would succeed only if the address was new. Any answer to that sign-in that depends on
whether the account exists ("please confirm first") tells the same thing, so the one answer
that keeps the secret is the usual "that email and password don't match". The sign-in page
says, to everyone, to open the emailed link first after signing up.

A sign-up for an address whose account is still unconfirmed replaces the pending details
(password, name, …) and sends a new link; the older links stop working because they are bound
to the pending password. So someone who registers another person's address first can't keep
a password of theirs on it: the owner's own sign-up replaces it, and the owner's inbox is the
only place a working link goes. A reset link also confirms the account (it proves the same).
"""
from flask_babel import get_locale, gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from recoverynet.auth.emails import may_email, queue_already_registered_email, queue_confirmation_email
from recoverynet.auth.models import User
from recoverynet.auth.passwords import hash_password
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.timeutil import local_today


def start_signup(form: Form, *, is_client: bool, invite_id: int | None = None, joining: str = "") -> str | None:
    """Read the sign-up form and email the address; the address to show on "Check your email",
    or None with the reasons on `form`. `invite_id` and `joining` are for a member's sign-up."""
    email = form.email()
    name = form.text("display_name", required=gettext("Please tell us what to call you."), max_length=80)
    password = form.new_password(user_inputs=(email, name))
    timezone = form.timezone()
    country = form.country()
    sober_since = form.day("sober_since", not_after=local_today(timezone or "UTC")) if is_client else None
    if not form.ok:
        return None
    password_hash = hash_password(password)  # on both paths: hashing is most of the time taken
    allowed = may_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None and user.confirmed_at is not None:
        if allowed:
            queue_already_registered_email(user, joining)
    else:
        if user is None:
            user = User(email=email)
            db.session.add(user)
        user.password_hash, user.display_name, user.timezone, user.country = password_hash, name, timezone, country
        user.sober_since, user.is_client, user.confirmed_at = sober_since, is_client, None
        # The language of the page they signed up on: their emails, from the first, and their
        # pages once signed in speak it (a stranger's sign-up never changes a confirmed account's).
        user.language = get_locale().language
        db.session.flush()
        if allowed:  # over the limits the account waits for "Send it again"
            queue_confirmation_email(user, invite_id, joining)
    try:
        db.session.commit()
    except IntegrityError:  # the same new address signed up twice at once: the other one won
        db.session.rollback()
    return email


def resend_signup_email(email: str, *, invite_id: int | None = None, joining: str = "") -> None:
    """"Send it again" from the "Check your email" page: the same email the sign-up sent."""
    allowed = may_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if not allowed or user is None:
        pass
    elif user.confirmed_at is None:
        queue_confirmation_email(user, invite_id, joining)
    else:
        queue_already_registered_email(user, joining)
    db.session.commit()
