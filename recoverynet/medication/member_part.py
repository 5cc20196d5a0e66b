"""Adherence as a member with the "medication" scope reads it, on network's page of the client
(network/support.py): doses taken out of doses due over 7 and 30 days, nothing else (no names of
medicines, no single day). The reminders and answers come with the card's query, each only
where the card holds the scope: a member without it reads nothing of them."""
from datetime import date, timedelta

from flask import Flask
from flask_babel import gettext
from sqlalchemy import ColumnElement, Date, bindparam, exists, select
from sqlalchemy.orm import aliased

from recoverynet.auth.models import User
from recoverynet.medication.doses import WINDOWS, Adherence, adherence, answers_from_rows, schedule_from_row
from recoverynet.medication.models import MedicationAnswer
from recoverynet.network.access import brought_with_card
from recoverynet.network.models import Contact, Grant
from recoverynet.network.support import MEMBER_PAGE_ALONG, MEMBER_PARTS
from recoverynet.reminders.models import Reminder
from recoverynet.sqljson import json_rows
from recoverynet.timeutil import utcnow

SCOPE = "medication"


def _granted(client_id, member_id) -> ColumnElement[bool]:
    card = aliased(Contact)
    return exists().where(card.client_id == client_id, card.member_id == member_id,
                          Grant.contact_id == card.id, Grant.scope == SCOPE)


def schedules_for_member(client_id, member_id) -> ColumnElement:
    """The client's medication reminders as one JSON value; '[]' without the scope."""
    return (select(json_rows(Reminder.id, Reminder.title, Reminder.times, Reminder.lead_minutes, Reminder.paused,
                             Reminder.created_at))
            .where(Reminder.user_id == client_id, Reminder.kind == "medication", _granted(client_id, member_id))
            .correlate(None).scalar_subquery())


def _first_day_shown() -> date:
    return utcnow().date() - timedelta(days=max(WINDOWS) + 1)


def answers_for_member(client_id, member_id) -> ColumnElement:
    """The client's answers of the last 30 days (and a day more, whatever the client's zone) as one
    JSON value; '[]' without the scope. The first day is read when the query runs (it is built once)."""
    first = bindparam("medication_first_day", type_=Date, callable_=_first_day_shown)
    return (select(json_rows(MedicationAnswer.reminder_id, MedicationAnswer.day, MedicationAnswer.slot,
                             MedicationAnswer.answer))
            .where(MedicationAnswer.user_id == client_id, MedicationAnswer.day >= first,
                   _granted(client_id, member_id))
            .correlate(None).scalar_subquery())


def adherence_for_member(client: User) -> dict[int, Adherence] | None:
    """What the card's query brought, worked out in the client's local days; None when the client
    has no medication reminder."""
    rows = brought_with_card("medication_schedules", lambda: [])
    if not rows:
        return None
    schedules = [schedule_from_row(row) for row in rows]
    answers = answers_from_rows(brought_with_card("medication_answers", lambda: []))
    return adherence(schedules, answers, client.timezone)


def seen_line(shown: dict[int, Adherence]) -> str:
    """For the client's "who saw what" (worded in the client's language by the caller)."""
    return gettext("Medication: doses taken, last 7 and 30 days")


def init_app(app: Flask) -> None:
    MEMBER_PARTS[SCOPE] = (adherence_for_member, seen_line)
    MEMBER_PAGE_ALONG["medication_schedules"] = schedules_for_member
    MEMBER_PAGE_ALONG["medication_answers"] = answers_for_member
