"""Home's block of today's doses not answered yet, with no query of its own: the session's
lookup on Home brings the person's medication reminders and their answers of the latest day
answered (today's, when there are any) as two JSON values (auth/sessions.py, sqljson.py)."""
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import aliased

from recoverynet.auth.sessions import brought_along
from recoverynet.medication.doses import (Dose, answers_from_rows, answers_since, local_today,
                                          medication_schedules, schedule_from_row, waiting_today)
from recoverynet.medication.models import MedicationAnswer
from recoverynet.reminders.models import Reminder
from recoverynet.sqljson import json_rows
from recoverynet.timeutil import utcnow


def schedules_column(person_id) -> ColumnElement:
    """The person's medication reminders that are on, as one JSON value."""
    return (select(json_rows(Reminder.id, Reminder.title, Reminder.times, Reminder.lead_minutes, Reminder.paused,
                             Reminder.created_at))
            .where(Reminder.user_id == person_id, Reminder.kind == "medication", Reminder.paused.is_(False))
            .correlate_except(Reminder).scalar_subquery())


def latest_answers_column(person_id) -> ColumnElement:
    """The person's answers of the latest day they answered for: today's, if any (an answer is
    only ever for today or yesterday, so no later day exists). No date to pass in: the statement
    is built once per page."""
    later = aliased(MedicationAnswer)
    latest_day = select(func.max(later.day)).where(later.user_id == person_id).correlate_except(later).scalar_subquery()
    return (select(json_rows(MedicationAnswer.reminder_id, MedicationAnswer.day, MedicationAnswer.slot,
                             MedicationAnswer.answer))
            .where(MedicationAnswer.user_id == person_id, MedicationAnswer.day == latest_day)
            .correlate_except(MedicationAnswer).scalar_subquery())


def doses_for_home(person) -> list[Dose]:
    """Today's doses whose reminder has gone off and that have no answer yet; none for a supporter."""
    if not person.is_authenticated or not person.is_client:
        return []
    now = utcnow()
    rows = brought_along("medication_schedules", lambda: None)
    if rows is None:  # Home shown again by a form's POST: no lookup brought them
        schedules = [s for s in medication_schedules(person.id) if not s.paused]
        answers = answers_since(person.id, local_today(now, person.timezone)) if schedules else {}
    else:
        schedules = [schedule_from_row(row) for row in rows]
        answers = answers_from_rows(brought_along("medication_answers", lambda: [])) if schedules else {}
    return waiting_today(schedules, answers, person.timezone, now)
