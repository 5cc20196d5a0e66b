"""Settings → Delete my account: a page that says what will go, the password asked again, then
everything about the person goes at once (deletion.py) and this device forgets it too."""
from flask import Blueprint, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, logout_user
from sqlalchemy import func, select

from recoverynet.auth.passwords import check_password
from recoverynet.auth.throttle import describe_wait, record_attempt, seconds_to_wait
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.network.access import supported_clients
from recoverynet.network.models import Contact
from recoverynet.pages import render
from recoverynet.rewards.models import Reward
from recoverynet.yourdata.deletion import PENDING, delete_account

bp = Blueprint("deletion", __name__)


def _page(form: Form, status: int = 200):
    """The confirm page: what goes, by kind, for this person."""
    members = db.session.scalar(select(func.count()).select_from(Contact).where(
        Contact.client_id == current_user.id, Contact.member_id.is_not(None)))
    pending = db.session.scalar(select(func.count()).select_from(Reward).where(
        Reward.client_id == current_user.id, Reward.status.in_(PENDING)))
    supported = [client for _, client in supported_clients(current_user)]
    return render("account/delete.html", form=form, members=members, pending=pending, supported=supported,
                  status=status)


@bp.get("/settings/delete")
@login_required
def confirm():
    """Say what deleting the account removes, and ask for the password."""
    return _page(Form({}))


@bp.post("/settings/delete")
@login_required
def delete():
    """Delete the signed-in person's account and everything about it, once the password is right."""
    form = Form(request.form)
    email, address = current_user.email, request.remote_addr or "unknown"
    # Guessing here is slowed down as at sign-in: a phone left signed in is not a way in.
    wait = seconds_to_wait(email, address)
    if wait:
        form.error("password", gettext("Too many wrong passwords. Please wait %(wait)s and try again.",
                                       wait=describe_wait(wait)))
        body, status, headers = _page(form, status=429)
        return body, status, {**headers, "Retry-After": str(wait)}
    if not check_password(current_user.password_hash, request.form.get("password") or ""):
        record_attempt(email, address, succeeded=False)
        form.error("password", gettext("That isn't your password. Nothing was deleted. Please try again."))
        return _page(form, status=422)
    delete_account(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    response = redirect(url_for("deletion.deleted"), code=303)
    # As signing out: the cached crisis page, the outbox, the worker and the cookies go from this device.
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.get("/account-deleted")
def deleted():
    """Say the account is gone."""
    return render("account/deleted.html")
