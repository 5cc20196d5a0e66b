"""Sign up, sign in, sign out, and resetting a forgotten password."""
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select

from recoverynet.auth.accounts import resend_signup_email, start_signup
from recoverynet.auth.confirm import confirm_and_sign_in, pending_account
from recoverynet.auth.models import User
from recoverynet.auth.passwords import check_password, hash_password
from recoverynet.auth.reset import user_for_reset_token
from recoverynet.auth.sessions import end_other_sessions, end_session, start_session
from recoverynet.auth.devices import count_wrong_password, known_device, remember_device
from recoverynet.auth.emails import request_reset_email
from recoverynet.auth.throttle import describe_wait, record_attempt, seconds_to_wait
from recoverynet.extensions import db
from recoverynet.forms import COUNTRIES, Form
from recoverynet.pages import render
from recoverynet.timeutil import utcnow

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = lazy_gettext("That email and password don't match an account. Please check them and try again.")
# %(wait)s: "40 seconds", "7 minutes" (throttle.describe_wait, counted in the page's language).
THROTTLED = lazy_gettext("Too many sign-in attempts. Please wait %(wait)s and try again, "
                         "or reset your password below.")


def _without_controls(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def _safe_next(target: str | None) -> str:
    """Follow `next` only to a path on this site; anything else goes home."""
    # Browsers drop tabs and newlines inside a URL ("/\t/evil" becomes "//evil"), read "\" as
    # "/", and some decode once more: judge what a browser would follow, encoded or not.
    path = _without_controls(target or "")
    for form in (path, _without_controls(unquote(path))):
        parts = urlsplit(form)
        if not form.startswith("/") or form.startswith("//") or "\\" in form or parts.scheme or parts.netloc:
            return url_for("home.index")
    return path


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Create an unconfirmed client account and email the link that confirms it (see accounts.py)."""
    form = Form(request.form)
    if request.method == "POST":
        email = start_signup(form, is_client=True)
        if email:
            return render("auth/check_email.html", email=email, resend=url_for("auth.resend"))
    return render("auth/signup.html", form=form, countries=COUNTRIES,
                  status=422 if form.errors else 200)


@bp.post("/signup/resend")
def resend():
    """Send the sign-up email again (within the email limits); the page is the same either way."""
    form = Form(request.form)
    email = form.email()
    if form.ok:
        resend_signup_email(email)
    return render("auth/check_email.html", email=email, resend=url_for("auth.resend"), again=True)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Confirm a new account from the emailed link and sign in (a button, so a mail scanner
    that opens links can't use it up)."""
    user, invite_id = pending_account(token)
    if user is None or invite_id is not None:
        return render("auth/confirm_invalid.html", status=410)
    if request.method == "POST":
        confirm_and_sign_in(user)
        return redirect(url_for("home.index"), code=303)
    return render("auth/confirm.html", user=user, action=url_for("auth.confirm", token=token),
                  button=gettext("Confirm and sign in"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    form = Form(request.form)
    status = 200
    if request.method == "POST":
        # At most the column's 254 characters: no account has a longer address, and the
        # attempt is recorded under it (lowercasing can lengthen text: "İ" becomes two).
        email = (request.form.get("email") or "").strip().lower()[:254]
        password = request.form.get("password") or ""
        # The client's address as ProxyFix found it (BEHIND_PROXY): never a header the client wrote.
        address = request.remote_addr or "unknown"
        user = db.session.scalar(select(User).where(User.email == email))
        device = known_device(user)
        wait = 0 if device else seconds_to_wait(email, address)
        if wait:
            form.error("form", THROTTLED % {"wait": describe_wait(wait)})
            body, _, headers = render("auth/login.html", form=form)
            return body, 429, {**headers, "Retry-After": str(wait)}
        # Unconfirmed: the same answer as a wrong password (accounts.py says why).
        if check_password(user.password_hash if user else None, password) and user.confirmed_at:
            record_attempt(email, address, succeeded=True)
            start_session(user)
            response = redirect(_safe_next(request.args.get("next")), code=303)
            remember_device(response, user, device)
            return response
        record_attempt(email, address, succeeded=False)
        if device:
            count_wrong_password(device)
        form.error("form", SIGN_IN_FAILED)
        status = 422
    return render("auth/login.html", form=form, status=status)


@bp.post("/logout")
def logout():
    """End this session everywhere it was copied, and wipe this device."""
    end_session()
    response = redirect(url_for("auth.signed_out"), code=303)
    # Removes the cached crisis page, service worker storage and cookies from this browser.
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.get("/signed-out")
def signed_out():
    """Confirm sign-out; the page's script also clears storage where Clear-Site-Data is unsupported."""
    return render("auth/signed_out.html")


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    """Email a reset link; say the same thing whether or not the account exists."""
    form = Form(request.form)
    if request.method == "POST":
        email = form.email()
        if form.ok:
            request_reset_email(email)  # queued for the worker, if there is an account and within the limits
            db.session.commit()
            return render("auth/forgot_sent.html", email=email)
    return render("auth/forgot.html", form=form, status=422 if form.errors else 200)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password from an emailed link."""
    user = user_for_reset_token(token)
    if user is None:
        return render("auth/reset_invalid.html", status=410)
    form = Form(request.form)
    if request.method == "POST":
        password = form.new_password(user_inputs=(user.email, user.display_name))
        if form.ok:
            user.password_hash = hash_password(password)
            user.confirmed_at = user.confirmed_at or utcnow()  # the link proves the address, as confirming does
            db.session.commit()
            start_session(user)
            end_other_sessions(user)
            return redirect(url_for("home.index"), code=303)
    return render("auth/reset.html", form=form, token=token, status=422 if form.errors else 200)

