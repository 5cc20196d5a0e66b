"""The member's side: joining by invite, and the calm view of what the client shares."""
from collections.abc import Callable

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, select

from recoverynet.auth.accounts import resend_signup_email, start_signup
from recoverynet.auth.confirm import confirm_and_sign_in, pending_account
from recoverynet.extensions import db
from recoverynet.forms import COUNTRIES, Form
from recoverynet.i18n import in_language_of
from recoverynet.network import summaries
from recoverynet.network.access import record_views, require_membership, supported_clients
from recoverynet.network.invites import InviteProblem, find_invite, invite_by_id, invite_problem, use_invite
from recoverynet.network.models import SCOPES, Contact
from recoverynet.notifications.notify import notify
from recoverynet.pages import render
from recoverynet.timeutil import utcnow

bp = Blueprint("support", __name__)

# Parts of the member's page that features above network own (they import network, so network
# can't import them): each registers at start-up, by the scope that shows it,
# (load(client) -> what to show, or None for nothing yet; seen(what) -> the line for "who saw what").
MEMBER_PARTS: dict[str, tuple] = {}
# What those features (and others on the page) ask to come with the card's query, by name: for
# (client id, member id) a column, read back with access.brought_with_card: an "any?" that spares
# a part's query when there is nothing, or a short list as one JSON value (sqljson.py). The ids
# are bound parameters: the query is built once (a value of the day binds a callable, read at
# each execution).
MEMBER_PAGE_ALONG: dict[str, Callable[[ColumnElement, ColumnElement], ColumnElement]] = {}


def _join_problem_page(problem: InviteProblem):
    return render("support/join_problem.html", problem=problem.value, status=410)


def _accept(invite) -> str | None:
    """Link the signed-in person to the invite's card; a reason if they can't join."""
    contact: Contact = invite.contact
    if contact.client_id == current_user.id:
        return gettext("This is your own invite link. Send it to the person you want to invite.")
    already = db.session.scalar(select(Contact).where(Contact.client_id == contact.client_id,
                                                      Contact.member_id == current_user.id))
    if already:
        return gettext("You are already in this person's network.")
    if contact.member_id is not None:  # a link made just before the card's person joined
        return gettext("Someone has already joined with this invite. If it was meant for you, ask for a new link.")
    if not use_invite(invite):
        return gettext("This invite has just been used.")
    contact.member_id, contact.joined_at, contact.grants = current_user.id, utcnow(), []
    # Told to the client, in the client's language (not the joiner's).
    with in_language_of(contact.client):
        notify(contact.client_id, "invite_accepted",
               gettext("%(name)s accepted your invite and joined your network. "
                       "They see nothing until you choose what to share.", name=contact.name),
               f"/network/{contact.id}")
    db.session.commit()
    return None


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """Accept an invite: a signed-in person joins at once; a new person signs up and joins from
    the emailed link, and the page never says whether the address had an account (auth/accounts.py)."""
    invite, problem = find_invite(token)
    if problem:
        return _join_problem_page(problem)
    client = invite.contact.client
    form = Form(request.form)
    if request.method == "POST":
        if not current_user.is_authenticated:
            email = start_signup(form, is_client=False, invite_id=invite.id, joining=client.display_name)
            if email is None:
                return render("support/join.html", form=form, client=client, token=token,
                              countries=COUNTRIES, status=422)
            return render("auth/check_email.html", email=email, joining=client.display_name,
                          resend=url_for("support.join_resend", token=token))
        reason = _accept(invite)
        if reason:
            form.error("form", reason)
            return render("support/join.html", form=form, client=client, token=token,
                          countries=COUNTRIES, status=409)
        flash(gettext("Welcome to %(name)s's support network.", name=client.display_name))
        return redirect(url_for("support.client", client_id=client.id), code=303)
    return render("support/join.html", form=form, client=client, token=token, countries=COUNTRIES)


@bp.post("/join/<token>/resend")
def join_resend(token: str):
    """Send a joiner's sign-up email again (within the email limits); the same page either way."""
    invite, problem = find_invite(token)
    if problem:
        return _join_problem_page(problem)
    client = invite.contact.client
    form = Form(request.form)
    email = form.email()
    if form.ok:
        resend_signup_email(email, invite_id=invite.id, joining=client.display_name)
    return render("auth/check_email.html", email=email, joining=client.display_name, again=True,
                  resend=url_for("support.join_resend", token=token))


@bp.route("/join/confirm/<token>", methods=["GET", "POST"])
def join_confirm(token: str):
    """From a joiner's emailed link: confirm the new account, sign in and join the network."""
    user, invite_id = pending_account(token)
    if user is None or invite_id is None:
        return render("auth/confirm_invalid.html", status=410)
    invite = invite_by_id(invite_id)
    client = invite.contact.client if invite else None
    if request.method == "POST":
        confirm_and_sign_in(user)
        problem = invite_problem(invite)
        if problem:  # used, withdrawn or run out since: the account is ready all the same
            return _join_problem_page(problem)
        reason = _accept(invite)
        if reason:
            flash(reason)
            return redirect(url_for("home.index"), code=303)
        flash(gettext("Welcome to %(name)s's support network.", name=client.display_name))
        return redirect(url_for("support.client", client_id=client.id), code=303)
    return render("auth/confirm.html", user=user, joining=client.display_name if client else "",
                  action=url_for("support.join_confirm", token=token), button=gettext("Confirm and join"))


@bp.get("/support")
@login_required
def index():
    """List the people this person supports."""
    return render("support/index.html", supported=supported_clients(current_user))


def _seen(shown: dict) -> dict[str, str]:
    """For the client's audit, a line for each part of their data a member was shown."""
    seen = {}
    if "sober_days" in shown:
        days = shown["sober_days"]["days"]
        seen["sober_days"] = (gettext("Day count not set yet") if days is None else ngettext(
            "%(num)d sober day and milestones", "%(num)d sober days and milestones", days))
    if "mood_summary" in shown:
        seen["mood_summary"] = gettext("Mood and craving, last 14 days")
    if "trigger_details" in shown:
        recent = len(shown["trigger_details"][0])
        seen["trigger_details"] = ngettext("%(num)d recent entry with triggers", "%(num)d recent entries with triggers",
                                           recent)
    if "checkins" in shown:
        seen["checkins"] = gettext("Check-ins and meetings, last 4 weeks")
    for scope, (_, seen_line) in MEMBER_PARTS.items():
        if scope in shown:
            seen[scope] = seen_line(shown[scope])
    return seen


@bp.get("/support/<int:client_id>")
@login_required
def client(client_id: int):
    """Show a member only the scopes the client granted, and record what was shown.

    This read writes on purpose: "who saw what" is the client's audit of their network, and
    recording it in the request that shows the data is the one way a member can't skip it."""
    contact, client = require_membership(client_id, Contact.rewards_given, along=MEMBER_PAGE_ALONG)
    granted = contact.scopes
    shown = {}
    if "sober_days" in granted:
        shown["sober_days"] = summaries.sober_summary(client)
    shown |= summaries.month_summary(client, granted)
    for scope, (load, _) in MEMBER_PARTS.items():
        if scope in granted and (part := load(client)) is not None:
            shown[scope] = part
    # The client reads what was seen, on "who saw what": so it is written in the client's language.
    with in_language_of(client):
        seen = _seen(shown)
    # Rewards adds its part (encouragement, the rewards this member gave: rewards/support_page.py);
    # the rewards given are loaded with the card, for it.
    page = render("support/client.html", client=client, contact=contact, shown=shown, scopes=SCOPES,
                  form=Form({}))
    # Recorded in the same request, once the page is made (a commit first would make every row
    # on it load again); if recording fails, the member gets an error page, not the data.
    record_views(client.id, seen)
    db.session.commit()
    return page
