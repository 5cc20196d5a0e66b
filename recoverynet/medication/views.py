"""The person's medication page (today's doses, how it has gone over 7 and 30 days, the last 30
days), and answering a dose "Taken" or "Not today", from the app or a notification's button."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.dialects import postgresql, sqlite

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.medication.doses import (ANSWERABLE_DAYS, WINDOWS, adherence, answers_since, doses_on,
                                          local_today, medication_schedules)
from recoverynet.medication.models import Answer, MedicationAnswer
from recoverynet.pages import owned_or_404, render, wants_json
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import utcnow

bp = Blueprint("medication", __name__, url_prefix="/medication")
HISTORY_DAYS = 30


def medication_page(form: Form | None = None, status: int = 200):
    """Today's and yesterday's doses to answer, adherence, and the 30 days before (three queries
    with the session's)."""
    now = utcnow()
    today = local_today(now, current_user.timezone)
    schedules = medication_schedules(current_user.id)
    answers = answers_since(current_user.id, today - timedelta(days=HISTORY_DAYS)) if schedules else {}
    # Each day's answers apart, so a day's doses are found among its own answers, not the month's.
    by_day = {}
    for key, answered in answers.items():
        by_day.setdefault(key[1], {})[key] = answered
    answerable = [(day, doses_on(schedules, by_day.get(day, {}), day))
                  for day in (today - timedelta(days=back) for back in range(ANSWERABLE_DAYS))]
    history = [(day, doses) for day in (today - timedelta(days=back) for back in range(ANSWERABLE_DAYS, HISTORY_DAYS))
               if (doses := doses_on(schedules, by_day.get(day, {}), day, current_user.timezone))]
    return render("medication/index.html", schedules=schedules, today=today, answerable=answerable, history=history,
                  adherence=adherence(schedules, answers, current_user.timezone, now), windows=WINDOWS,
                  form=form or Form({}), status=status)


@bp.get("")
@login_required
def index():
    """Today's doses with "Taken" and "Not today", how it has gone, and the last 30 days."""
    return medication_page()


def _record(user_id: int, reminder_id: int, day, slot: str, answer: str) -> None:
    """One row per dose: a second tap, or the other phone, changes the same row (never a second)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    statement = insert(MedicationAnswer).values(user_id=user_id, reminder_id=reminder_id, day=day, slot=slot,
                                                answer=answer, answered_at=now)
    db.session.execute(statement.on_conflict_do_update(index_elements=["reminder_id", "day", "slot"],
                                                       set_={"answer": answer, "answered_at": now}))


def _refused(form: Form):
    if wants_json():
        return {"errors": form.errors}, 422
    return medication_page(form, status=422)


@bp.post("/<int:reminder_id>/answer")
@login_required
def answer(reminder_id: int):
    """Answer one dose of today or yesterday "Taken" or "Not today" (again: the answer changes)."""
    form = Form(request.form)
    reminder = owned_or_404(Reminder, reminder_id)
    if reminder.kind != "medication":
        abort(404)
    given = form.choice("answer", set(Answer), message=gettext("Please choose Taken or Not today."))
    day = form.day("day", required=gettext("Please choose the day of this dose."))
    slot = form.time("time", required=gettext("Please choose the time of this dose."))
    today = local_today(utcnow(), current_user.timezone)
    if day and not today - timedelta(days=ANSWERABLE_DAYS - 1) <= day <= today:
        form.error("day", gettext("You can answer for today and yesterday."))
    if slot and slot not in reminder.time_list:
        form.error("time", gettext("This reminder has no dose at that time any more."))
    if not form.ok:
        return _refused(form)
    _record(current_user.id, reminder.id, day, slot, given)
    db.session.commit()
    if wants_json():
        return {"status": "recorded", "answer": given}
    message = gettext("Saved: taken.") if given == Answer.TAKEN else gettext("Saved: not today.")
    flash(message)
    back = "home.index" if request.form.get("back") == "home" else "medication.index"
    return redirect(url_for(back), code=303)
