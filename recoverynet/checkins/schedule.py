"""The client's weekly check-in schedule: day, time, how, who takes part, and its reminder."""
from flask import Blueprint, request
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from recoverynet.checkins.agenda import plan_of
from recoverynet.checkins.forms import read_schedule_form
from recoverynet.checkins.models import MODES, SCOPE, CheckinParticipant, CheckinPlan
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.network.access import members_with_scope
from recoverynet.pages import commit_and_redirect, read_form, render
from recoverynet.reminders.forms import LEAD_CHOICES
from recoverynet.reminders.models import WEEKDAYS, Reminder
from recoverynet.reminders.schedule import reschedule

bp = Blueprint("checkin_schedule", __name__, url_prefix="/checkins")


def _as_form(plan: CheckinPlan | None, reminder: Reminder | None) -> dict:
    if plan is None:
        return {}
    return {"weekday": str(plan.weekday), "time": plan.time, "mode": plan.mode, "place": plan.place,
            "lead_minutes": str(reminder.lead_minutes if reminder else 60),
            "participants": [str(member_id) for member_id in plan.member_ids]}


def _page(form: Form, status: int = 200):
    return render("checkins/schedule.html", form=form, weekdays=WEEKDAYS, modes=MODES,
                  leads=LEAD_CHOICES, members=members_with_scope(current_user.id, SCOPE), chosen=_chosen(form),
                  status=status)


def _chosen(form: Form) -> set[str]:
    """The participants ticked (posted) or saved (a fresh form)."""
    if hasattr(form.raw, "getlist"):
        return set(form.raw.getlist("participants"))
    return set(form.raw.get("participants", []))


@bp.get("/schedule")
@login_required
def schedule():
    """Show the weekly check-in's day, time, way of meeting and participants, ready to change."""
    # The plan with its reminder, in one query.
    found = db.session.execute(select(CheckinPlan, Reminder)
                               .outerjoin(Reminder, Reminder.id == CheckinPlan.reminder_id)
                               .where(CheckinPlan.client_id == current_user.id)).first()
    return _page(Form(_as_form(*(found or (None, None)))))


def _weekly_reminder(plan: CheckinPlan) -> Reminder:
    """The client's weekly check-in reminder: the plan's own, else one they made on the reminders
    page (adopted, not doubled), else a new one."""
    reminder = db.session.get(Reminder, plan.reminder_id) if plan.reminder_id else None
    if reminder is None:
        linked = select(CheckinPlan.reminder_id).where(CheckinPlan.reminder_id.is_not(None))
        reminder = db.session.scalar(select(Reminder).where(Reminder.user_id == current_user.id,
                                                            Reminder.kind == "weekly", Reminder.id.not_in(linked))
                                     .order_by(Reminder.id))
    if reminder is None:
        reminder = Reminder(user_id=current_user.id, kind="weekly")
        db.session.add(reminder)
    return reminder


@bp.post("/schedule")
@login_required
def save_schedule():
    """Save the schedule and its weekly reminder, which every participant gets too."""
    members = {member.id for member in members_with_scope(current_user.id, SCOPE)}
    values = read_form(read_schedule_form, _page, members)
    plan = plan_of(current_user.id) or CheckinPlan(client_id=current_user.id)
    plan.weekday, plan.time, plan.mode, plan.place = values["weekday"], values["time"], values["mode"], values["place"]
    plan.participants = [p for p in plan.participants if p.member_id in values["participants"]] + [
        CheckinParticipant(member_id=member_id) for member_id in sorted(values["participants"] - plan.member_ids)]
    reminder = _weekly_reminder(plan)
    reminder.weekday, reminder.times, reminder.lead_minutes = plan.weekday, plan.time, values["lead_minutes"]
    db.session.add(plan)
    db.session.flush()
    plan.reminder_id = reminder.id
    reschedule(reminder, current_user.timezone)
    return commit_and_redirect(gettext("Your weekly check-in is saved. Everyone taking part gets the reminder."),
                               "checkins.mine")
