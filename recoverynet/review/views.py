"""The monthly care-team review: the client's page (the review to hold, with what each part
needs to look at, and the past ones), its schedule, a member's view of the client's reviews, and
one past review.

The client writes the review (on their phone, during the meeting); the participants they asked are
reminded and read it afterwards, as do all members holding the check-ins scope, without the
client's private note. Marking the crisis plan reviewed posts the whole form and shows it again,
so nothing typed is lost."""
from collections.abc import Callable

from flask import Blueprint, flash, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import exists, select

from recoverynet.auth.sessions import brought_along
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.needs.queries import may_see_needs, open_needs
from recoverynet.network.access import members_with_scope
from recoverynet.pages import commit_and_redirect, read_form, render
from recoverynet.review.due import review_moment, schedule as schedule_reminder
from recoverynet.review.forms import TOPIC_LABELS, read_review_form, read_schedule_form
from recoverynet.review.models import NOTE_MAX, SCOPE, TOPICS, MonthlyReview, ReviewAttendee, ReviewParticipant, \
    ReviewPlan
from recoverynet.review.queries import (current_participants, next_review_day, past_reviews, plans_state,
                                        require_access, review_of, roles_in_network)
from recoverynet.timeutil import local_today, utcnow

bp = Blueprint("review", __name__, url_prefix="/review")

# Places other features fill in, each a list of `part(client) -> (template, context) or None`:
# "medication" for the adherence the medication part adds, "measures" for the month's measures
# (the measures issue). Empty today, so the page shows nothing there.
ALONGSIDE: dict[str, list[Callable]] = {"medication": [], "measures": []}
# A person with this many open items and needs together gets a gentle "that's a lot for one person".
A_LOT_AT = 4


def _parts(client) -> dict[str, list[tuple[str, dict]]]:
    return {place: [found for part in parts if (found := part(client))] for place, parts in ALONGSIDE.items()}


def own_plan():
    """The signed-in client's plan: brought with the session's lookup on the review's own pages."""
    return brought_along("review_plan", lambda: db.session.scalar(
        select(ReviewPlan).where(ReviewPlan.client_id == current_user.id)))


def _next_review(plan: ReviewPlan | None, client):
    if plan is None:
        return None
    return review_moment(plan, next_review_day(plan, local_today(client.timezone)), client.timezone)


def _review_page(form: Form, status: int = 200, plans: dict | None = None):
    """The client's page: the review to hold with everything it looks at, and the past ones."""
    plan = own_plan()
    roles = roles_in_network(current_user.id)
    if hasattr(form.raw, "getlist"):  # a posted form: as ticked
        ticked = set(form.raw.getlist("attendees"))
    else:  # a fresh one: those asked to take part
        ticked = {str(role.card.member_id) for role in roles if role.asked}
    return render("review/index.html", form=form, plan=plan, next_review=_next_review(plan, current_user),
                  plans=plans or plans_state(current_user.id), roles=roles, a_lot_at=A_LOT_AT,
                  may_take_part=[role for role in roles if role.may_take_part], ticked=ticked,
                  needs=open_needs(current_user.id, with_helpers=False), past=past_reviews(current_user.id),
                  topics=TOPIC_LABELS, note_max=NOTE_MAX, parts=_parts(current_user), status=status)


@bp.get("")
@login_required
def mine():
    """The signed-in client's monthly review: this month's to hold, and the past ones."""
    return _review_page(Form({"held_on": local_today(current_user.timezone).isoformat()}))


def _members_who_may() -> set[int]:
    return {member.id for member in members_with_scope(current_user.id, SCOPE)}


@bp.post("")
@login_required
def save():
    """Save the review held, with who took part; members with the scope can read it (not the private note)."""
    today = local_today(current_user.timezone)
    values = read_form(read_review_form, _review_page, _members_who_may(), today)
    if db.session.scalar(select(exists().where(MonthlyReview.client_id == current_user.id,
                                              MonthlyReview.held_on == values["held_on"]))):
        form = Form(request.form)
        form.error("held_on", gettext("There is already a review on that day. Please choose another day."))
        return _review_page(form, status=422)
    attendees = values.pop("attendees")
    db.session.add(MonthlyReview(client_id=current_user.id, **values,
                                 attendees=[ReviewAttendee(member_id=member_id) for member_id in sorted(attendees)]))
    return commit_and_redirect(gettext("Your monthly review is saved. Members who see your check-ins can read it, "
                                       "but not your private note."), "review.mine")


@bp.post("/crisis-plan-reviewed")
@login_required
def mark_crisis_reviewed():
    """Mark the crisis plan as read through and still right, and show the review again with
    everything typed in it so far."""
    plan = db.session.scalar(select(CrisisPlan).where(CrisisPlan.user_id == current_user.id))
    plans = plans_state(current_user.id)
    if plan is None:
        flash(gettext("Write your crisis plan first, then mark it reviewed."))
    else:
        plan.reviewed_at = utcnow()
        db.session.commit()
        session["refresh_crisis"] = True  # the copy on the phone shows the new date
        plans |= {"crisis_reviewed_at": plan.reviewed_at}
        flash(gettext("Thank you. Your crisis plan is marked as reviewed today. Your review is not saved yet."))
    return _review_page(Form(request.form), plans=plans)


def _schedule_page(form: Form, status: int = 200):
    if form.raw and hasattr(form.raw, "getlist"):
        chosen = set(form.raw.getlist("participants"))
    else:
        chosen = set(form.raw.get("participants", [])) if form.raw else set()
    return render("review/schedule.html", form=form, members=members_with_scope(current_user.id, SCOPE),
                  chosen=chosen, days=[(day, day) for day in range(1, 29)], status=status)


@bp.get("/schedule")
@login_required
def schedule():
    """Show the review's day of the month, time and participants, ready to change."""
    plan = own_plan()
    saved = {} if plan is None else {"day_of_month": str(plan.day_of_month), "time": plan.time,
                                     "participants": [str(member_id) for member_id in plan.member_ids]}
    return _schedule_page(Form(saved))


@bp.post("/schedule")
@login_required
def save_schedule():
    """Save the day, time and participants; the reminder goes out the day before, each month."""
    values = read_form(read_schedule_form, _schedule_page, _members_who_may())
    plan = db.session.scalar(select(ReviewPlan).where(ReviewPlan.client_id == current_user.id)) or \
        ReviewPlan(client_id=current_user.id)
    plan.day_of_month, plan.time = values["day_of_month"], values["time"]
    plan.participants = [p for p in plan.participants if p.member_id in values["participants"]] + [
        ReviewParticipant(member_id=member_id) for member_id in sorted(values["participants"] - plan.member_ids)]
    schedule_reminder(plan, current_user.timezone)
    db.session.add(plan)
    return commit_and_redirect(gettext("Your monthly review is saved. You and everyone taking part get a reminder "
                                       "the day before."), "review.mine")


@bp.get("/<int:client_id>")
@login_required
def overview(client_id: int):
    """A client's monthly reviews as a member with the check-ins scope sees them."""
    access = require_access(client_id)
    if access.is_client:
        return redirect(url_for("review.mine"), code=303)
    participants = current_participants(client_id, access.plan.id if access.plan else None)
    return render("review/member.html", client=access.client, plan=access.plan,
                  next_review=_next_review(access.plan, access.client),
                  asked=any(person.id == current_user.id for person in participants),
                  past=past_reviews(client_id))


@bp.get("/<int:client_id>/<int:review_id>")
@login_required
def show(client_id: int, review_id: int):
    """One review held: what was said under each part and who took part (the private note only
    for the client)."""
    access = require_access(client_id)
    review = review_of(client_id, review_id)
    return render("review/show.html", client=access.client, review=review, is_client=access.is_client,
                  topics=TOPIC_LABELS, names=sorted(attendee.member.display_name for attendee in review.attendees))
