"""The measures that matter, month by month, for many people at once, in ONE query.

Every day is the person's local day. Each month ends on its last day, or today for the current
month. The measures of a month:
- checkins_held, meetings_attended: check-ins held (Checkin rows) and mutual-help meetings
  attended on a day of that month.
- days_abstinent (a 30-day figure): the 30 days ending on the month's end. Confirmed when every
  calendar month those days fall in is confirmed on the use-day calendar: 30 minus the marked use
  days. Otherwise an estimate (abstinence_confirmed False) from the sober date and recorded slips:
  the days from the sober date in effect then (the earliest of today's sober date and the count
  each slip since the window began replaced) to the month's end, minus the days with a slip;
  None with neither a sober date nor a confirmed calendar, or for a month ending before the sober
  date (those days are not known either way).
- retention: the largest of 30 / 90 / 180 days since the account began that the person has
  reached by the month's end while ACTIVE: they logged, held a check-in, went to a meeting,
  answered a dose or a questionnaire in the 14 days up to the month's end. A fortnight, because
  the rhythm the app asks for is weekly: one missed week is a busy week, not leaving. None when not
  active (or before 30 days).
- crisis_plan: "none" (no plan, or before the account began), "written" (a plan exists; plans
  keep no history, so an existing plan counts as written in every month since the account
  began), "signed" (the client confirmed it, CrisisPlan.reviewed_at, by the month's end) and
  "reviewed" (signed within the 90 days up to the month's end).
- medication: (taken, due) doses in the month, None for a person without medication reminders.
  Due follows medication/doses.py: each reminder time whose moment has come on a day after the
  reminder was made (its first day counts what was answered), none while paused, and never fewer
  than the doses answered that month.
- barc10, mspss: the latest score that month.

The query is a UNION ALL, one branch per table, grouped by person and by SEGMENT: the days are cut
at every month start, every 30-day window start and the day after every month's end, so each window
is a run of whole segments and every table is summed in the database, whatever the length of the
history (each branch reads only the months shown, through the tables' client/day indexes). The
log, the longest history, is only asked whether there is an entry near each month's end.
The caseload and its service report call it for many clients at once."""
import functools
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Float, Integer, String, and_, case, cast, exists, func, literal, null, select, union_all

from recoverynet.checkins.models import Checkin
from recoverynet.crisis.models import CrisisPlan
from recoverynet.auth.models import User
from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.insights.localtime import day_count, day_number, day_of, local_clock, offset_segments
from recoverynet.log.models import Entry
from recoverynet.measures.models import CalendarMonth, Questionnaire, UseDay
from recoverynet.medication.models import Answer, MedicationAnswer
from recoverynet.meetings.models import Meeting
from recoverynet.reminders.models import Reminder
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import as_utc, parse_time, utc_moment, utcnow, zone

WINDOW_DAYS = 30
ACTIVE_DAYS = 14
REVIEWED_DAYS = 90
RETENTION_DAYS = (30, 90, 180)
INSTRUMENTS = ("barc10", "mspss")


@dataclass(frozen=True)
class MonthMeasures:
    month: date  # its first day
    checkins_held: int = 0
    meetings_attended: int = 0
    days_abstinent: int | None = None
    abstinence_confirmed: bool = False
    retention: int | None = None
    crisis_plan: str = "none"
    medication: tuple[int, int] | None = None
    barc10: float | None = None
    mspss: float | None = None


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(first: date) -> date:
    return month_start(first - timedelta(days=1))


def month_end(first: date, today: date) -> date:
    """The month's last day, or today for the current month."""
    following = month_start(first + timedelta(days=31))
    return min(following - timedelta(days=1), today)


def months_to(today: date, months: int) -> list[date]:
    """The first days of the `months` months ending with today's, oldest first."""
    firsts = [month_start(today)]
    while len(firsts) < months:
        firsts.append(previous_month(firsts[-1]))
    return firsts[::-1]


@dataclass(frozen=True)
class _Plan:
    """The whole request: each person's today and months, and the cuts that make the segments."""
    todays: dict[int, date]
    months: dict[int, list[date]]
    cuts: list[int]  # sorted day numbers; segment i is [cuts[i], cuts[i + 1])

    @classmethod
    def of(cls, people: Sequence[User], months: int, now: datetime) -> "_Plan":
        todays = {p.id: now.astimezone(zone(p.timezone)).date() for p in people}
        shown = {pid: months_to(today, months) for pid, today in todays.items()}
        cuts = set()
        for pid, firsts in shown.items():
            for first in firsts:
                end = month_end(first, todays[pid])
                # No cut is needed at the 14 days before the end: a segment's latest day (MAX) is on or
                # after it exactly when something happened in those days, as no segment runs past an end.
                cuts |= {first, end + timedelta(days=1), end - timedelta(days=WINDOW_DAYS - 1)}
        return cls(todays, shown, sorted(day_number(day) for day in cuts))

    @property
    def ends(self) -> list[date]:
        """Every month's end of every person, in order."""
        return sorted({month_end(first, self.todays[pid]) for pid, firsts in self.months.items() for first in firsts})

    def segment(self, days, low: int = 0, high: int | None = None):
        """The segment a day number falls in, for the rows `between` keeps: a CASE that halves the
        cuts at each step, so the database compares each row a few times, not once per cut."""
        high = len(self.cuts) - 1 if high is None else high
        if high - low <= 1:
            return literal(low)
        middle = (low + high) // 2
        return case((days >= literal(self.cuts[middle]), self.segment(days, middle, high)),
                    else_=self.segment(days, low, middle))

    def between(self, column):
        """The rows of a local-date column inside the cuts: a range of the client/day indexes."""
        return and_(column >= day_of(self.cuts[0]), column < day_of(self.cuts[-1]))

    def local_days(self, column, person_column, people: Sequence[User]):
        """A UTC moment column as each person's local day number (a CASE over their time zones)."""
        start = datetime.combine(day_of(self.cuts[0] - 2), datetime.min.time(), timezone.utc)
        end = datetime.combine(day_of(self.cuts[-1] + 2), datetime.min.time(), timezone.utc)
        dialect = db.session.get_bind().dialect.name
        by_zone = defaultdict(list)
        for person in people:
            by_zone[zone(person.timezone).key].append(person.id)
        whens = [(person_column.in_(ids), local_clock(column, offset_segments(name, start, end), dialect).day)
                 for name, ids in sorted(by_zone.items())]
        return case(*whens, else_=null())


def _branch(kind: str, person, segment=None, amount=None, extra=None, last=None, score=None, label=None):
    """One branch of the union: the same eight columns, typed alike for PostgreSQL."""
    def typed(value, type_):
        return cast(null(), type_) if value is None else cast(value, type_)
    return select(literal(kind, String).label("kind"), cast(person, Integer).label("person"),
                  typed(segment, Integer).label("segment"), typed(amount, Integer).label("amount"),
                  typed(extra, Integer).label("extra"), typed(last, Integer).label("last"),
                  typed(score, Float).label("score"), typed(label, String).label("label"))


def _query(plan: _Plan, people: Sequence[User]):
    ids = [p.id for p in people]

    def by_day(kind, person, day, *, amount=func.count(), extra=None, last=None):
        segment = plan.segment(day_count(day))
        return (_branch(kind, person, segment, amount, extra, func.max(day_count(day)) if last is None else last)
                .where(person.in_(ids), plan.between(day)).group_by(person, segment))

    taken = func.sum(case((MedicationAnswer.answer == Answer.TAKEN.value, 1), else_=0))
    branches = [
        by_day("checkin", Checkin.client_id, Checkin.held_on),
        by_day("meeting", Meeting.client_id, Meeting.attended_on),
        by_day("dose", MedicationAnswer.user_id, MedicationAnswer.day, extra=taken),
        by_day("use", UseDay.client_id, UseDay.day),
        by_day("slip", Slip.user_id, Slip.happened_on, amount=func.count(func.distinct(Slip.happened_on)),
               last=func.min(day_count(Slip.previous_sober_since))),
        _branch("questionnaire", Questionnaire.client_id, plan.segment(day_count(Questionnaire.taken_on)),
                extra=Questionnaire.id, last=day_count(Questionnaire.taken_on), score=Questionnaire.score,
                label=Questionnaire.instrument)
        .where(Questionnaire.client_id.in_(ids), plan.between(Questionnaire.taken_on)),
        _branch("calendar", CalendarMonth.client_id, last=day_count(CalendarMonth.month))
        .where(CalendarMonth.client_id.in_(ids), plan.between(CalendarMonth.month)),
        _branch("plan", CrisisPlan.user_id, last=plan.local_days(CrisisPlan.reviewed_at, CrisisPlan.user_id, people))
        .where(CrisisPlan.user_id.in_(ids)),
        _branch("reminder", Reminder.user_id, amount=cast(Reminder.paused, Integer), extra=Reminder.id,
                last=plan.local_days(Reminder.created_at, Reminder.user_id, people), label=Reminder.times)
        .where(Reminder.user_id.in_(ids), Reminder.kind == "medication"),
    ]
    return union_all(*branches, _logged_near(plan, people))


def _logged_near(plan: _Plan, people: Sequence[User]):
    """For every month's end (plan.ends), whether each person logged in the ACTIVE_DAYS up to it, as
    a string of "1" and "0" in one row a person: one index probe per person and month (the log is
    the longest history; reading a year of it cost most of the query)."""
    ids = [p.id for p in people]
    by_zone = defaultdict(list)
    for person in people:
        by_zone[person.timezone or "UTC"].append(person.id)

    def bound(day: date):
        """Local midnight at the start of `day`, in each person's zone (a CASE over their zones)."""
        whens = [(User.id.in_(members), literal(at_midnight(day, name), UTCDateTime()))
                 for name, members in sorted(by_zone.items())]
        return case(*whens, else_=null())

    flags = [cast(cast(exists().where(Entry.user_id == User.id,
                                      Entry.logged_at >= bound(end - timedelta(days=ACTIVE_DAYS - 1)),
                                      Entry.logged_at < bound(end + timedelta(days=1))), Integer), String)
             for end in plan.ends]
    return _branch("logged", User.id, label=functools.reduce(operator.add, flags)).where(User.id.in_(ids))


def at_midnight(day: date, zone_name: str) -> datetime:
    return datetime.combine(day, datetime.min.time(), zone(zone_name)).astimezone(timezone.utc)


def measures_by_month(people: Sequence[User], months: int = 12, now: datetime | None = None
                      ) -> dict[int, list[MonthMeasures]]:
    """Each person's measures for the `months` months ending with their current month, oldest
    first, in one query whatever the number of people and the length of their history."""
    if not people:
        return {}
    now = as_utc(now or utcnow())
    plan = _Plan.of(people, months, now)
    rows = defaultdict(lambda: defaultdict(list))
    for row in db.session.execute(_query(plan, people)):
        rows[row.person][row.kind].append(row)
    return {person.id: _person_months(person, plan, rows[person.id], now) for person in people}


def _starts(plan: _Plan, segment: int | None) -> int | None:
    return None if segment is None else plan.cuts[segment]


def _sum_in(plan: _Plan, found: list, first: date, last: date, field: str = "amount") -> int:
    low, high = day_number(first), day_number(last)
    return sum(getattr(row, field) or 0 for row in found if low <= (_starts(plan, row.segment) or -1) <= high)


def _person_months(person: User, plan: _Plan, found: dict, now: datetime) -> list[MonthMeasures]:
    today = plan.todays[person.id]
    began = as_utc(person.created_at).astimezone(zone(person.timezone)).date()
    activity = [row.last for kind in ("checkin", "meeting", "dose", "questionnaire") for row in found[kind]]
    logged_by = {day_number(end) for row in found["logged"] for end, flag in zip(plan.ends, row.label) if flag == "1"}
    confirmed = {day_of(row.last) for row in found["calendar"]}
    plan_rows = found["plan"]
    reminders = found["reminder"]
    shown = []
    for first in plan.months[person.id]:
        end = month_end(first, today)
        window_start = end - timedelta(days=WINDOW_DAYS - 1)
        active_from = day_number(end - timedelta(days=ACTIVE_DAYS - 1))
        active = day_number(end) in logged_by or any(
            active_from <= day <= day_number(end) for day in activity if day is not None)
        reached = [days for days in RETENTION_DAYS if (end - began).days >= days]
        shown.append(MonthMeasures(
            month=first,
            checkins_held=_sum_in(plan, found["checkin"], first, end),
            meetings_attended=_sum_in(plan, found["meeting"], first, end),
            **_abstinence(person, plan, found, confirmed, window_start, end),
            retention=reached[-1] if reached and active else None,
            crisis_plan=_crisis_plan(plan_rows, began, end),
            medication=_medication(plan, reminders, found["dose"], first, end, person.timezone, now),
            **{key: _latest_score(plan, found["questionnaire"], key, first, end) for key in INSTRUMENTS},
        ))
    return shown


def _abstinence(person: User, plan: _Plan, found: dict, confirmed: set[date], start: date, end: date) -> dict:
    if {month_start(start), month_start(end)} <= confirmed:
        return {"days_abstinent": WINDOW_DAYS - _sum_in(plan, found["use"], start, end),
                "abstinence_confirmed": True}
    earlier = [row.last for row in found["slip"] if row.last is not None
               and (_starts(plan, row.segment) or -1) >= day_number(start)]
    sober_dates = [day_number(person.sober_since)] if person.sober_since else []
    if not sober_dates and not earlier:
        return {"days_abstinent": None, "abstinence_confirmed": False}
    since = day_of(min(sober_dates + earlier))
    if since > end:  # the days before a sober date are not known to be either
        return {"days_abstinent": None, "abstinence_confirmed": False}
    days = (end - max(since, start)).days + 1 - _sum_in(plan, found["slip"], start, end)
    return {"days_abstinent": max(days, 0), "abstinence_confirmed": False}


def _crisis_plan(plan_rows: list, began: date, end: date) -> str:
    if not plan_rows or end < began:
        return "none"
    signed = plan_rows[0].last
    if signed is None or signed > day_number(end):
        return "written"
    return "reviewed" if day_number(end) - signed < REVIEWED_DAYS else "signed"


def _medication(plan: _Plan, reminders: list, doses: list, first: date, end: date, zone_name: str,
                now: datetime) -> tuple[int, int] | None:
    if not reminders:
        return None
    due = 0
    for reminder in reminders:
        if reminder.amount:  # paused
            continue
        times = [parse_time(slot) for slot in (reminder.label or "").split(",") if slot]
        day = max(first, day_of(reminder.last + 1)) if reminder.last is not None else first
        if day > end:
            continue
        # Every time of a past day has come; of the last day (today, in the current month) those whose
        # moment has.
        due += (end - day).days * len(times) + sum(utc_moment(end, wall, zone_name) <= now for wall in times)
    answered = _sum_in(plan, doses, first, end)
    return _sum_in(plan, doses, first, end, "extra"), max(due, answered)


def _latest_score(plan: _Plan, questionnaires: list, instrument: str, first: date, end: date) -> float | None:
    taken = [row for row in questionnaires if row.label == instrument and row.score is not None
             and day_number(first) <= row.last <= day_number(end)]
    return max(taken, key=lambda row: (row.last, row.extra)).score if taken else None
