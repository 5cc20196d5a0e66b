"""Each client's flags, computed for many clients at once in two statements whatever their
number and however long their history: one reads, per client, the latest of each thing (an
index seek each: last entry, last check-in, latest BARC-10 scores...), the other the entries of
a window bounded in time (the last 10 days, and the week before a silence), bucketed into the
client's local days here, with their own zone's daylight-saving rules."""
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import format_date, format_decimal, gettext, ngettext
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from recoverynet.auth.models import User
from recoverynet.checkins.models import ActionItem, Checkin, CheckinPlan
from recoverynet.crisis.models import CrisisAlert
from recoverynet.extensions import db
from recoverynet.flags import thresholds as t
from recoverynet.log.models import Entry
from recoverynet.measures.models import Questionnaire
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import as_utc, local, utc_moment, utcnow, zone

# The entries read for mood and craving: the last RECENT_DAYS local days and the craving
# window before them, with a day to spare for the zone's offset.
ENTRY_WINDOW = t.RECENT + t.CRAVING_WITHIN + timedelta(days=1)


@dataclass(frozen=True)
class Flag:
    kind: str  # a key of thresholds.NEED
    since: datetime  # UTC: when the evidence happened
    day: date  # the client's local day it belongs to
    text: str  # a sentence explaining itself, in the reader's language
    need: int  # its weight when sorting by need


@dataclass(frozen=True)
class Facts:
    """What the flags were computed from that a caseload also shows."""
    last_entry_at: datetime | None
    last_checkin_on: date | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def need(self) -> int:
        return sum(flag.need for flag in self.flags)


def flags_for(people: Sequence[User], now: datetime | None = None) -> dict[int, list[Flag]]:
    """Each person's flags, most needed first (an empty list: none), in two statements at most."""
    return {person_id: facts.flags for person_id, facts in facts_for(people, now).items()}


def facts_for(people: Sequence[User], now: datetime | None = None) -> dict[int, Facts]:
    """flags_for, with the last entry and check-in the flags were computed from."""
    now = as_utc(now or utcnow())
    people = list(people)
    if not people:
        return {}
    todays = {person.id: now.astimezone(zone(person.timezone)).date() for person in people}
    latest = {row.id: row for row in db.session.execute(_latest_of_each(todays, now))}
    entries = _recent_entries(latest, now)
    found = {}
    for person in people:
        row = latest[person.id]
        flags = [flag for flag in _flags(person, row, entries.get(person.id, []), todays[person.id], now) if flag]
        flags.sort(key=lambda flag: (-flag.need, -flag.since.timestamp()))
        found[person.id] = Facts(row.last_entry_at, row.last_checkin_on, flags)
    return found


def _latest_of_each(todays: dict[int, date], now: datetime):
    """One row per person: the latest of each thing a flag looks at, each a correlated
    subquery that an index answers in a seek (it reads no more as the history grows)."""
    today = case(todays, value=User.id)  # each person's own local today
    week_start = case({person_id: day - timedelta(days=t.RECENT_DAYS - 1) for person_id, day in todays.items()},
                      value=User.id)
    barc = (select(Questionnaire.id).where(Questionnaire.client_id == User.id,
                                           Questionnaire.instrument == t.BARC_INSTRUMENT,
                                           Questionnaire.score.is_not(None))
            .order_by(Questionnaire.taken_on.desc(), Questionnaire.completed_at.desc(), Questionnaire.id.desc()))
    latest_barc = aliased(Questionnaire)
    open_items = (ActionItem.client_id == User.id, ActionItem.done_at.is_(None), ActionItem.due_on < today)
    return (
        select(User.id,
               select(func.max(Entry.logged_at)).where(Entry.user_id == User.id)
               .scalar_subquery().label("last_entry_at"),
               select(func.max(Checkin.held_on)).where(Checkin.client_id == User.id)
               .scalar_subquery().label("last_checkin_on"),
               select(func.max(Slip.happened_on)).where(Slip.user_id == User.id, Slip.happened_on >= week_start,
                                                        Slip.happened_on <= today)
               .scalar_subquery().label("slip_on"),
               select(func.max(CrisisAlert.created_at)).where(CrisisAlert.user_id == User.id,
                                                              CrisisAlert.created_at >= now - t.RECENT,
                                                              CrisisAlert.created_at <= now)
               .scalar_subquery().label("alert_at"),
               CheckinPlan.weekday.label("plan_weekday"), CheckinPlan.time.label("plan_time"),
               CheckinPlan.updated_at.label("plan_updated_at"),
               select(func.count()).select_from(ActionItem).where(*open_items)
               .scalar_subquery().label("overdue_items"),
               select(func.min(ActionItem.due_on)).where(*open_items).scalar_subquery().label("overdue_since"),
               latest_barc.score.label("barc"), latest_barc.taken_on.label("barc_on"),
               latest_barc.completed_at.label("barc_at"),
               barc.with_only_columns(Questionnaire.score).offset(1).limit(1)
               .scalar_subquery().label("barc_before"))
        .outerjoin(CheckinPlan, CheckinPlan.client_id == User.id)
        .outerjoin(latest_barc, latest_barc.id == barc.limit(1).scalar_subquery())
        .where(User.id.in_(list(todays))))


def _recent_entries(latest: dict, now: datetime) -> dict[int, list[tuple[datetime, int, int | None]]]:
    """Each person's entries of the window (logged_at, mood, craving), oldest first: the last
    ENTRY_WINDOW, and the USUAL_OF days before their last entry (how often they usually log)."""
    windows = []
    for person_id, row in latest.items():
        if row.last_entry_at is None:
            continue
        start = min(now - ENTRY_WINDOW, as_utc(row.last_entry_at) - timedelta(days=t.USUAL_OF + 1))
        windows.append(and_(Entry.user_id == person_id, Entry.logged_at >= start))
    if not windows:
        return {}
    entries = defaultdict(list)
    for person_id, logged_at, mood, craving in db.session.execute(
            select(Entry.user_id, Entry.logged_at, Entry.mood, Entry.craving).where(or_(*windows))
            .order_by(Entry.user_id, Entry.logged_at)):
        entries[person_id].append((as_utc(logged_at), mood, craving))
    return entries


def _flags(person: User, row, entries, today: date, now: datetime):
    tz = person.timezone
    by_day = defaultdict(list)
    for logged_at, mood, _ in entries:
        by_day[local(logged_at, tz).date()].append((logged_at, mood))
    yield _craving(entries, tz, now)
    yield _low_mood(by_day, today)
    yield _slip(row.slip_on, tz)
    yield _crisis_alert(row.alert_at, tz)
    yield _silence(row.last_entry_at, by_day, today, tz)
    yield _missed_checkin(row, today, tz)
    yield _overdue(row.overdue_items, row.overdue_since, tz)
    yield _barc_drop(row, tz)


def _flag(kind: str, since: datetime, day: date, text: str) -> Flag:
    return Flag(kind, since, day, text, t.NEED[kind])


def _day_text(day: date) -> str:
    return format_date(day, "EEEE d MMMM", rebase=False)


def _start_of(day: date, tz: str) -> datetime:
    return utc_moment(day, time(0), tz)


def _craving(entries, tz: str, now: datetime) -> Flag | None:
    high = [logged_at for logged_at, _, craving in entries if craving is not None and craving >= t.CRAVING_HIGH]
    for last in range(len(high) - 1, t.CRAVING_TIMES - 2, -1):
        first = last - (t.CRAVING_TIMES - 1)
        if high[last] < now - t.RECENT:
            break
        if high[last] - high[first] <= t.CRAVING_WITHIN:
            return _flag("craving", high[last], local(high[last], tz).date(), ngettext(
                "Craving %(level)d or more %(num)d time within %(hours)d hours",
                "Craving %(level)d or more %(num)d times within %(hours)d hours",
                t.CRAVING_TIMES, level=t.CRAVING_HIGH, hours=t.CRAVING_WITHIN // timedelta(hours=1)))
    return None


def _low_mood(by_day: dict, today: date) -> Flag | None:
    def low(day: date) -> bool:
        moods = [mood for _, mood in by_day.get(day, ())]
        return bool(moods) and sum(moods) / len(moods) <= t.MOOD_LOW

    for back in range(t.RECENT_DAYS):
        end = today - timedelta(days=back)
        if all(low(end - timedelta(days=n)) for n in range(t.MOOD_DAYS)):
            return _flag("low_mood", max(at for at, _ in by_day[end]), end, ngettext(
                "Mood %(level)d or lower on average, %(num)d day running",
                "Mood %(level)d or lower on average, %(num)d days running", t.MOOD_DAYS, level=t.MOOD_LOW))
    return None


def _slip(slip_on: date | None, tz: str) -> Flag | None:
    if slip_on is None:
        return None
    return _flag("slip", _start_of(slip_on, tz), slip_on,
                 gettext("A slip was recorded for %(day)s", day=_day_text(slip_on)))


def _crisis_alert(alert_at: datetime | None, tz: str) -> Flag | None:
    if alert_at is None:
        return None
    day = local(alert_at, tz).date()
    return _flag("crisis_alert", as_utc(alert_at), day,
                 gettext("A crisis alert was sent on %(day)s", day=_day_text(day)))


def _silence(last_entry_at: datetime | None, by_day: dict, today: date, tz: str) -> Flag | None:
    if last_entry_at is None:
        return None
    last_day = local(last_entry_at, tz).date()
    silent = (today - last_day).days
    logged = sum(1 for n in range(t.USUAL_OF) if last_day - timedelta(days=n) in by_day)
    if silent < t.SILENT_DAYS or logged < t.USUAL_DAYS:
        return None
    return _flag("silence", as_utc(last_entry_at), last_day, ngettext(
        "No entry for %(num)d day, from someone who usually writes one most days",
        "No entry for %(num)d days, from someone who usually writes one most days", silent))


def _missed_checkin(row, today: date, tz: str) -> Flag | None:
    if row.plan_weekday is None:
        return None
    planned = today - timedelta(days=(today.weekday() - row.plan_weekday - 1) % 7 + 1)  # the latest before today
    if local(row.plan_updated_at, tz).date() > planned:
        return None
    if row.last_checkin_on is not None and row.last_checkin_on > planned - timedelta(days=t.CHECKIN_WEEK):
        return None
    return _flag("missed_checkin", utc_moment(planned, _plan_time(row.plan_time), tz), planned,
                 gettext("The weekly check-in planned for %(day)s isn't recorded", day=_day_text(planned)))


def _plan_time(text: str) -> time:
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return time(0)


def _overdue(count: int, oldest: date | None, tz: str) -> Flag | None:
    if not count:
        return None
    return _flag("overdue_action", _start_of(oldest + timedelta(days=1), tz), oldest, ngettext(
        "%(num)d action item is past its day (due %(day)s)",
        "%(num)d action items are past their day (the oldest due %(day)s)", count, day=_day_text(oldest)))


def _barc_drop(row, tz: str) -> Flag | None:
    if row.barc is None or row.barc_before is None or row.barc_before - row.barc < t.BARC_DROP:
        return None
    drop = round(row.barc_before - row.barc)
    return _flag("barc_drop", as_utc(row.barc_at), row.barc_on, ngettext(
        "Recovery capital (BARC-10) %(num)d point lower than the time before: %(before)s, now %(latest)s",
        "Recovery capital (BARC-10) %(num)d points lower than the time before: %(before)s, now %(latest)s",
        drop, before=format_decimal(round(row.barc_before, 1)), latest=format_decimal(round(row.barc, 1))))
