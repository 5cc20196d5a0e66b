"""The year on the insights page, from sums kept a local month at a time (InsightMonth).

A year's live sums read ~3,800 entries of a five-year client, which costs more than the page's
whole allowance beside a new client. So each month of a client's log is summed once, when it
changes, as the year's charts need it; the year is then one read of twelve rows, whatever lies
behind it. A month's row holds, as compact JSON:

  d  each local day with entries: [day number, mean mood, lowest, highest, mean craving, lowest,
     highest, mood sum, count, craving sum, count]          (queries.daily_mood: a DayMood's fields)
  h  triggers in each hour of the week, Monday 00:00 first: 168 counts (queries.week_hours)
  cs, cn  craving in each hour of the week: 168 sums, 168 counts
  t  each trigger's count: [label, count]                   (queries.trigger_counts)
  o  coping texts with an outcome: [text, outcome, entries] (queries.coping_texts)

Each part is made by the same statement the live page runs, over the month, so the sums agree
with the live ones by construction (tests/test_insights_months.py compares them on random data).

Kept right on write, never on a page view: an SQLAlchemy hook notes every entry the ORM adds,
changes or deletes (and its triggers), and a client's time-zone change; before the transaction
commits, the affected months of those clients are summed again, in it. Bulk inserts that go
around the ORM (the importer, the benchmark) call entries_changed() themselves.

User.insights_zone says which zone a client's months were summed in. Until the first write after
this was deployed (or `flask insights rebuild`), it is None, and the page sums the year live, as
before: correct, only slower. A month without a row then means a month without entries.
"""
import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import add

import click
from flask.cli import AppGroup
from sqlalchemy import delete, event, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.insights import queries
from recoverynet.insights.localtime import day_number, day_of
from recoverynet.insights.models import InsightMonth
from recoverynet.insights.queries import CravingGrid, DayMood, Numbers, Window, WeekGrid, add_months
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.timeutil import epoch_seconds, zone

CHANGED = "insight_months_changed"  # the session's notes (session.info), until it commits
WEEK_HOURS = 168


# ---- Summing a month ----

def month_numbers(client_id: int, first: date, zone_name: str) -> dict | None:
    """One local month of the client's entries, as its row holds it (None: no entries)."""
    window = Window.month(first, zone_name)
    days = [[day_number(d.day), d.mood, d.mood_low, d.mood_high, d.craving, d.craving_low, d.craving_high,
             d.mood_sum, d.mood_n, d.craving_sum, d.craving_n]
            for d in queries.daily_mood(client_id, window) if d.mood_n]
    if not days:  # every entry has a mood: no day, no entry
        return None
    heat, craving = queries.week_hours(client_id, window)
    # Every hour of the week, in order: a year adds twelve lists up a place at a time.
    return {"d": days, "h": [heat.cells.get(divmod(hour, 24), 0) for hour in range(WEEK_HOURS)],
            "cs": [craving.cells.get(divmod(hour, 24), (0, 0))[0] for hour in range(WEEK_HOURS)],
            "cn": [craving.cells.get(divmod(hour, 24), (0, 0))[1] for hour in range(WEEK_HOURS)],
            "t": sorted(queries.trigger_counts(client_id, window).items()),
            "o": queries.coping_texts(client_id, window)}


def local_month(seconds: int, zone_name: str) -> date:
    """The first day of the local month a moment (whole seconds since 1970) falls in."""
    return datetime.fromtimestamp(seconds, zone(zone_name)).date().replace(day=1)


def _months_between(first: date, last: date) -> list[date]:
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return months


def sum_again(session: Session, client_id: int, seconds: set[int] | None) -> None:
    """Sum again the client's months holding these moments, or every month (None; also when the
    months were summed in another zone than the client's now)."""
    # One writer of a client's months at a time: on PostgreSQL a second waits here, then reads
    # the first one's entries too. (NO KEY UPDATE: entries being inserted hold KEY SHARE on it.)
    person = session.execute(select(User.timezone, User.insights_zone).where(User.id == client_id)
                             .with_for_update(key_share=True)).first()
    if person is None:  # the account is being deleted
        return
    zone_name = person.timezone or "UTC"
    if seconds is None or person.insights_zone != zone_name:
        first, last = session.execute(select(func.min(Entry.logged_at_seconds), func.max(Entry.logged_at_seconds))
                                      .where(Entry.user_id == client_id)).one()
        months = [] if first is None else _months_between(local_month(first, zone_name), local_month(last, zone_name))
        session.execute(delete(InsightMonth).where(InsightMonth.user_id == client_id),
                        execution_options={"synchronize_session": False})
        session.execute(update(User).where(User.id == client_id).values(insights_zone=zone_name))
    else:
        months = sorted({local_month(moment, zone_name) for moment in seconds})
        session.execute(delete(InsightMonth).where(InsightMonth.user_id == client_id, InsightMonth.month.in_(months)),
                        execution_options={"synchronize_session": False})
    rows = []
    for month in months:
        numbers = month_numbers(client_id, month, zone_name)
        if numbers:
            rows.append({"user_id": client_id, "month": month, "numbers": json.dumps(numbers, separators=(",", ":"))})
    if rows:
        session.execute(insert(InsightMonth), rows)


# ---- Noting what changed, and summing it before the commit ----

@dataclass
class _Changes:
    entries: list = field(default_factory=list)  # entries added or changed: read after the flush
    seconds: dict = field(default_factory=lambda: defaultdict(set))  # client: moments that changed
    every_month: set = field(default_factory=set)  # clients whose every month is summed again
    entry_ids: set = field(default_factory=set)  # entries whose triggers alone changed


def _changes(session: Session) -> _Changes:
    return session.info.setdefault(CHANGED, _Changes())


def entries_changed(client_id: int, moments: Iterable[datetime] | None = None, session: Session | None = None) -> None:
    """Have the client's months of these moments (UTC), or all of them (None), summed again when
    the session commits: for writes around the ORM, such as a bulk INSERT."""
    changes = _changes(session or db.session())
    if moments is None:
        changes.every_month.add(client_id)
    else:
        changes.seconds[client_id].update(epoch_seconds(moment) for moment in moments)


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context, instances) -> None:
    for obj in session.new:
        if isinstance(obj, Entry):
            _changes(session).entries.append(obj)
        elif isinstance(obj, EntryTrigger) and obj.entry_id is not None:
            _changes(session).entry_ids.add(obj.entry_id)
    for obj in session.dirty:
        if isinstance(obj, Entry) and session.is_modified(obj):
            changes = _changes(session)
            changes.entries.append(obj)
            moved = inspect(obj).attrs.logged_at_seconds.history
            if moved.deleted:  # where it was, too
                changes.seconds[obj.user_id].update(s for s in moved.deleted if s is not None)
            elif moved.added:  # moved from a moment not loaded: sum every month
                changes.every_month.add(obj.user_id)
        elif isinstance(obj, EntryTrigger) and session.is_modified(obj):
            _changes(session).entry_ids.add(obj.entry_id)
        elif isinstance(obj, User) and inspect(obj).attrs.timezone.history.has_changes():
            _changes(session).every_month.add(obj.id)  # its local months are others now
    for obj in session.deleted:
        if isinstance(obj, Entry) and obj.logged_at_seconds is not None:
            _changes(session).seconds[obj.user_id].add(obj.logged_at_seconds)
        elif isinstance(obj, EntryTrigger):
            _changes(session).entry_ids.add(obj.entry_id)


@event.listens_for(Session, "before_commit")
def _sum_changed_months(session: Session) -> None:
    session.flush()  # the last changes are noted, and the entries have their moments (the commit flushes anyway)
    if CHANGED not in session.info:
        return
    changes = session.info.pop(CHANGED)
    seconds = changes.seconds
    for entry in changes.entries:
        state = inspect(entry)
        if state.persistent:
            seconds[entry.user_id].add(entry.logged_at_seconds)
    if changes.entry_ids:
        for client_id, moment in session.execute(select(Entry.user_id, Entry.logged_at_seconds)
                                                 .where(Entry.id.in_(changes.entry_ids))):
            seconds[client_id].add(moment)
    for client_id in sorted(set(seconds) | changes.every_month):
        sum_again(session, client_id, None if client_id in changes.every_month else seconds[client_id])


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session: Session, transaction) -> None:
    if transaction.parent is None:  # rolled back (a commit took them already)
        session.info.pop(CHANGED, None)


# ---- Reading the year ----

def summed(person: User, window: Window) -> bool:
    """Whether the person's months are summed in the window's zone, so the window can be read
    from them (a calendar window only)."""
    return window.calendar and person.insights_zone == window.zone_name


@dataclass(frozen=True)
class MonthSums:
    """A month's row, read: its days as DayMoods, and the rest as months.py's docstring says."""
    days: tuple[DayMood, ...]
    heat: tuple[int, ...]
    craving_sums: tuple[int, ...]
    craving_counts: tuple[int, ...]
    triggers: tuple[tuple[str, int], ...]
    coping: tuple[tuple[str, str, int], ...]


@functools.lru_cache(maxsize=512)
def read_month(text: str) -> MonthSums:
    """A row's JSON, read once per worker: a row changes only when its text does, so the text is
    the key and a month read before is never stale (a year's twelve cost 0.7 ms to read each time)."""
    numbers = json.loads(text)
    return MonthSums(tuple(DayMood(day_of(number), *fields) for number, *fields in numbers["d"]),
                     tuple(numbers["h"]), tuple(numbers["cs"]), tuple(numbers["cn"]),
                     tuple(map(tuple, numbers["t"])), tuple(map(tuple, numbers["o"])))


def numbers_from_months(client_id: int, window: Window) -> Numbers:
    """A calendar window's numbers from its months' rows: one statement of a dozen rows."""
    starts = window.month_starts
    rows = db.session.execute(select(InsightMonth.month, InsightMonth.numbers).where(
        InsightMonth.user_id == client_id, InsightMonth.month >= starts[0], InsightMonth.month <= starts[-1]))
    found: dict[date, DayMood] = {}
    heat, craving_sums, craving_counts = [0] * WEEK_HOURS, [0] * WEEK_HOURS, [0] * WEEK_HOURS
    triggers: dict[str, list[int]] = {}
    coping: Counter = Counter()
    place = {start: n for n, start in enumerate(starts)}
    for month, text in rows:
        sums = read_month(text)
        found.update((day.day, day) for day in sums.days)
        heat = list(map(add, heat, sums.heat))
        craving_sums = list(map(add, craving_sums, sums.craving_sums))
        craving_counts = list(map(add, craving_counts, sums.craving_counts))
        for label, count in sums.triggers:
            triggers.setdefault(label, [0] * len(starts))[place[month]] += count
        for text_written, outcome, count in sums.coping:
            coping[text_written, outcome] += count
    days = [found.get(day) or DayMood(day) for day in queries.days_of(window)]
    cells = [divmod(hour, 24) for hour in range(WEEK_HOURS)]
    return Numbers(days, WeekGrid({cell: count for cell, count in zip(cells, heat) if count}),
                   CravingGrid({cell: (total, count) for cell, total, count in zip(cells, craving_sums, craving_counts)
                                if count}),
                   queries.trends_of(triggers, starts, 0),
                   queries.coping_results([(text, outcome, count) for (text, outcome), count in coping.items()]))


def numbers(person: User, window: Window) -> Numbers:
    """The window's numbers: from the summed months where they can be, else live."""
    return numbers_from_months(person.id, window) if summed(person, window) else queries.live_numbers(person.id, window)


# ---- Summing every client's months again ----

insights_cli = AppGroup("insights", help="The insights page's sums.")


@insights_cli.command("rebuild")
@click.option("--email", help="Only this person's months.")
def rebuild_command(email: str | None) -> None:
    """Sum every client's log again month by month (after upgrading, or a change of zone rules)."""
    query = select(User.id).where(User.email == email) if email else select(User.id).where(
        select(Entry.id).where(Entry.user_id == User.id).exists())
    ids = db.session.scalars(query.order_by(User.id)).all()
    for client_id in ids:  # a transaction each, so no one waits long for the write lock
        entries_changed(client_id)
        db.session.commit()
    click.echo(f"Months summed again for {len(ids)} account(s).")
