"""When a questionnaire is offered: at the start (never answered) and again once 30 days have
passed since the client last answered it, counted in the client's own local days.

Home's gentle note costs no query of its own: the session's lookup on Home brings the last day
each instrument was answered, one column each (load_with_person)."""
from datetime import date

from sqlalchemy import ColumnElement, func, select

from recoverynet.auth.sessions import brought_along
from recoverynet.extensions import db
from recoverynet.measures.instruments import INSTRUMENTS
from recoverynet.measures.models import Questionnaire
from recoverynet.timeutil import local_today

DUE_EVERY_DAYS = 30


def last_taken(client_id: int) -> dict[str, date]:
    """The last local day the client answered each instrument (one query)."""
    rows = db.session.execute(select(Questionnaire.instrument, func.max(Questionnaire.taken_on))
                              .where(Questionnaire.client_id == client_id).group_by(Questionnaire.instrument))
    return {instrument: day for instrument, day in rows}


def due_instruments(user, today: date, taken: dict[str, date] | None = None) -> list[str]:
    """The instruments due for `user` on their local day `today`, in the data file's order: never
    answered, or last answered 30 or more days before. `taken` (last_taken's answer) saves the query."""
    if not user.is_client:
        return []
    taken = last_taken(user.id) if taken is None else taken
    return [key for key in INSTRUMENTS
            if key not in taken or (today - taken[key]).days >= DUE_EVERY_DAYS]


def last_taken_column(instrument: str):
    """For the session's lookup on Home: the last day the person answered `instrument` (a range
    of the questionnaire's index), as a column builder for load_with_person."""
    def column(person_id) -> ColumnElement:
        return (select(func.max(Questionnaire.taken_on))
                .where(Questionnaire.client_id == person_id, Questionnaire.instrument == instrument)
                .correlate_except(Questionnaire).scalar_subquery())
    return column


def _as_day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def due_for_home(person) -> list[str]:
    """Home's note: the instruments due today, from what the session's lookup brought (or one
    query, when Home is shown again by a form's POST)."""
    if not person.is_authenticated or not person.is_client:
        return []
    missing = object()
    brought = {key: brought_along(f"measures_last_{key}", lambda: missing) for key in INSTRUMENTS}
    if any(value is missing for value in brought.values()):
        taken = None
    else:
        taken = {key: _as_day(value) for key, value in brought.items() if value is not None}
    return due_instruments(person, local_today(person.timezone), taken)
