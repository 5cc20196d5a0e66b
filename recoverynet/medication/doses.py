"""Doses and adherence, in the client's local days.

A dose is one of a medication reminder's wall-clock times on one local day. Days are counted as
calendar dates and each time is placed with utc_moment, so a day of 23 or 25 hours (a
daylight-saving change) still has each dose once.

Adherence over a window (the last 7 or 30 local days, today included) is doses answered "Taken"
out of doses due. A dose is due once its time has come, if the reminder existed by then and is
not paused; a dose answered early, or while paused, counts too (an answer is never thrown away).
If a reminder's times changed, a day counts as many doses as it had answers, or as its times
now say (those come and those answered), whichever is more: an answer for a time that is gone
never counts against the person.

The seam for other pages (the monthly review): adherence_for(client) gives {7: Adherence,
30: Adherence} in two queries."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.medication.models import Answer, MedicationAnswer
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import as_utc, parse_time, utc_moment, utcnow, zone

WINDOWS = (7, 30)
ANSWERABLE_DAYS = 2  # today and yesterday: a late dose is often answered after midnight


@dataclass(frozen=True)
class Schedule:
    """What adherence needs of a medication reminder (from the ORM or from a JSON row)."""
    id: int
    title: str
    times: tuple[str, ...]
    lead_minutes: int
    paused: bool
    created_at: datetime


@dataclass(frozen=True)
class Dose:
    reminder_id: int
    title: str
    day: date
    slot: str
    answer: str | None = None


@dataclass(frozen=True)
class Adherence:
    taken: int
    due: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.taken / self.due) if self.due else None


def schedule_of(reminder: Reminder) -> Schedule:
    return Schedule(reminder.id, reminder.title, tuple(reminder.time_list), reminder.lead_minutes or 0,
                    reminder.paused, as_utc(reminder.created_at))


def schedule_from_row(row: list) -> Schedule:
    """A Schedule from a JSON row [id, title, times, lead_minutes, paused, created_at] (sqljson)."""
    rid, title, times, lead, paused, created = row
    created_at = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
    return Schedule(int(rid), title or "", tuple(t for t in times.split(",") if t), int(lead or 0),
                    bool(paused), as_utc(created_at))


def answers_from_rows(rows: Iterable) -> dict[tuple[int, date, str], str]:
    """{(reminder id, day, slot): answer} from rows of [reminder id, day, slot, answer]."""
    return {(int(rid), day if isinstance(day, date) else date.fromisoformat(str(day)[:10]), slot): answer
            for rid, day, slot, answer in rows}


def local_today(now: datetime, zone_name: str) -> date:
    return now.astimezone(zone(zone_name)).date()


def _came(schedule: Schedule, day: date, slot: str, zone_name: str, now: datetime) -> bool:
    """Whether this dose is due: its time has come, and the reminder existed by then."""
    moment = utc_moment(day, parse_time(slot), zone_name)
    return schedule.created_at <= moment <= now


def adherence(schedules: list[Schedule], answers: dict[tuple[int, date, str], str], zone_name: str,
              now: datetime | None = None, windows: tuple[int, ...] = WINDOWS) -> dict[int, Adherence]:
    """Doses taken out of doses due over each window of local days (see the module's rule)."""
    now = now or utcnow()
    today = local_today(now, zone_name)
    by_day: dict[tuple[int, date], dict[str, str]] = {}
    for (rid, day, slot), answer in answers.items():
        by_day.setdefault((rid, day), {})[slot] = answer
    found = {}
    for days in windows:
        taken = due = 0
        for schedule in schedules:
            for back in range(days):
                day = today - timedelta(days=back)
                answered = by_day.get((schedule.id, day), {})
                came = set() if schedule.paused else {
                    slot for slot in schedule.times if _came(schedule, day, slot, zone_name, now)}
                due += max(len(came | (answered.keys() & set(schedule.times))), len(answered))
                taken += sum(answer == Answer.TAKEN for answer in answered.values())
        found[days] = Adherence(taken, due)
    return found


def doses_on(schedules: list[Schedule], answers: dict, day: date, zone_name: str | None = None) -> list[Dose]:
    """Every dose of that day, in time order, with its answer (None when not answered): the
    reminders' times now, and any time answered before the times changed. With `zone_name`,
    only doses whose reminder existed by their time (a past day's list)."""
    doses = {(s.id, slot): Dose(s.id, s.title, day, slot, answers.get((s.id, day, slot)))
             for s in schedules if not s.paused for slot in s.times
             if zone_name is None or s.created_at <= utc_moment(day, parse_time(slot), zone_name)}
    titles = {s.id: s.title for s in schedules}
    for (rid, answered_day, slot), answer in answers.items():
        if answered_day == day and rid in titles:
            doses[(rid, slot)] = Dose(rid, titles[rid], day, slot, answer)
    return sorted(doses.values(), key=lambda dose: (dose.slot, dose.title, dose.reminder_id))


def waiting_today(schedules: list[Schedule], answers: dict, zone_name: str, now: datetime | None = None) -> list[Dose]:
    """Today's doses whose reminder has gone off and that have no answer yet (Home's block)."""
    now = now or utcnow()
    today = local_today(now, zone_name)
    lead = {s.id: timedelta(minutes=s.lead_minutes) for s in schedules}
    return [dose for dose in doses_on(schedules, answers, today) if dose.answer is None
            and utc_moment(today, parse_time(dose.slot), zone_name) - lead[dose.reminder_id] <= now]


def medication_schedules(user_id: int) -> list[Schedule]:
    """The person's medication reminders, paused ones too."""
    query = select(Reminder).where(Reminder.user_id == user_id, Reminder.kind == "medication").order_by(Reminder.id)
    return [schedule_of(reminder) for reminder in db.session.scalars(query)]


def answers_since(user_id: int, first_day: date) -> dict[tuple[int, date, str], str]:
    rows = db.session.execute(select(MedicationAnswer.reminder_id, MedicationAnswer.day, MedicationAnswer.slot,
                                     MedicationAnswer.answer)
                              .where(MedicationAnswer.user_id == user_id, MedicationAnswer.day >= first_day))
    return answers_from_rows(rows)


def adherence_for(client, now: datetime | None = None) -> dict[int, Adherence]:
    """The client's adherence over 7 and 30 local days, in two queries: for any page that shows it."""
    now = now or utcnow()
    first = local_today(now, client.timezone) - timedelta(days=max(WINDOWS))
    return adherence(medication_schedules(client.id), answers_since(client.id, first), client.timezone, now)
