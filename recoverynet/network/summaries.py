"""What a member is shown of a client's data: the sober count, and the month's summaries in one statement."""
import functools
import json
from dataclasses import dataclass
from datetime import date, datetime, time as clock, timedelta

from sqlalchemy import JSON, and_, bindparam, case, func, literal_column, or_, select, true

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.counts import most_common_first, trigger_counts
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.sobriety.milestones import last_milestone, next_milestone, sober_days
from recoverynet.timeutil import as_utc, epoch_seconds, local, local_today, utcnow, zone


@dataclass
class DaySummary:
    day: date
    mood: float | None
    craving: float | None


def sober_summary(client: User) -> dict:
    today = local_today(client.timezone)
    since = client.sober_since
    return {"days": sober_days(since, today), "last": last_milestone(since, today) if since else None,
            "next": next_milestone(since, today) if since else None, "today": today}


@dataclass
class SummaryEntry:
    """One of the latest entries with triggers or detail, as a member is shown it."""
    logged_at: datetime
    mood: int
    craving: int | None
    situation: str
    coping: str
    outcome: str | None
    trigger_labels: list[str]


# An entry's trigger labels in label order as a JSON array, looked up per entry through the
# trigger table's primary key. (A join lets PostgreSQL hash every client's triggers instead.)
_TRIGGER_LABELS = {
    "sqlite": "(SELECT json_group_array(label) FROM (SELECT label FROM entry_trigger"
              " WHERE entry_trigger.entry_id = entry.id ORDER BY label))",
    "postgresql": "(SELECT coalesce(json_agg(label ORDER BY label), '[]')::text FROM entry_trigger"
                  " WHERE entry_trigger.entry_id = entry.id)",
}
# The most common triggers as a JSON array of [label, times] pairs, read from their counts.
# json_agg keeps an order only when told; SQLite's json_group_array keeps the subquery's.
_COMMON_TRIGGERS = {
    "sqlite": "json_group_array(json_array(label, n))",
    "postgresql": "coalesce(json_agg(json_build_array(label, n) ORDER BY n DESC, latest DESC, label), '[]'::json)",
}
MOOD_DAYS, TRIGGER_DAYS, CHECKIN_DAYS, RECENT_SHOWN, COMMON_SHOWN = 14, 30, 28, 10, 5


def day_starts(client: User, days: int = MOOD_DAYS) -> list[datetime]:
    """The moments the client's last `days` local days begin, oldest first, and the moment
    tomorrow begins: per-day sums compare against these (bound as UTC, like every moment), so DST
    and zones far from UTC need no date arithmetic in SQL."""
    today, tz = local_today(client.timezone), zone(client.timezone)
    return [datetime.combine(today - timedelta(days=days - 1 - n), clock(0), tz) for n in range(days + 1)]


def month_summary(client: User, granted: set[str]) -> dict:
    """What the member may see of the client's month, in one statement bounded by the index
    range: mood and craving per local day ("mood_summary"), the latest entries with triggers or
    detail and the most common triggers ("trigger_details"), check-ins and meetings of four weeks
    ("checkins"). The database sums and counts; Python reads one row, or one per recent entry."""
    parts = frozenset(granted & {"mood_summary", "trigger_details", "checkins"})
    if not parts:
        return {}
    now = utcnow()
    starts = day_starts(client)
    params = {"client_id": client.id, "checkins_since": now - timedelta(days=CHECKIN_DAYS),
              "triggers_since": now - timedelta(days=TRIGGER_DAYS),
              "meetings_since": local_today(client.timezone) - timedelta(days=CHECKIN_DAYS),
              **{f"start_{n}": epoch_seconds(start) for n, start in enumerate(starts)}}
    # The month's row reads four weeks of check-ins, or else fourteen days of moods (the triggers
    # and recent entries have their own bound): no older entry is read for it.
    params["since"] = epoch_seconds(params["checkins_since"] if "checkins" in parts else starts[0])
    rows = db.session.execute(_month_statement(db.session.get_bind().dialect.name, parts), params).mappings().all()
    first, shown = rows[0], {}
    if "mood_summary" in parts:
        average = lambda total, n: round(total / n, 1) if n else None  # noqa: E731
        shown["mood_summary"] = [
            DaySummary(local(starts[n], client.timezone).date(), average(first[f"mood_sum_{n}"], first[f"mood_n_{n}"]),
                       average(first[f"craving_sum_{n}"], first[f"craving_n_{n}"])) for n in range(MOOD_DAYS)]
    if "checkins" in parts:
        shown["checkins"] = {"checkins_4_weeks": first["entries"], "meetings_4_weeks": first["meetings"]}
    if "trigger_details" in parts:
        recent = [SummaryEntry(as_utc(row["logged_at"]), row["mood"], row["craving"], row["situation"], row["coping"],
                               row["outcome"], json.loads(row["labels"])) for row in rows if row["id"] is not None]
        shown["trigger_details"] = (recent, [(label, times) for label, times in first["common"]])
    return shown


def _build_month_statement(dialect: str, parts: frozenset[str]):
    """month_summary's statement for a database and a set of scopes; the moments are bound
    parameters, so one statement serves every client and every day."""
    client_id = bindparam("client_id")
    # One row whatever else is asked, even for no entries. With check-ins granted the row begins
    # four weeks back (month_summary's "since"), so this counts them. It reads the moments as whole
    # seconds (Entry.logged_at_seconds; a parameter compared with it is bound as its BigInteger),
    # so the index on (user, seconds, mood, craving) answers alone: by logged_at, PostgreSQL
    # misjudged one client's share of the window and read all her history (5-year client:
    # 3.8 -> 0.15 ms, EXPLAIN ANALYZE).
    seconds = Entry.logged_at_seconds
    columns = [func.count().label("entries")]
    if "mood_summary" in parts:
        for n in range(MOOD_DAYS):
            in_day = and_(seconds >= bindparam(f"start_{n}"),
                          seconds < bindparam(f"start_{n + 1}"))
            columns += [func.sum(case((in_day, Entry.mood))).label(f"mood_sum_{n}"),
                        func.count(case((in_day, Entry.mood))).label(f"mood_n_{n}"),
                        func.sum(case((in_day, Entry.craving))).label(f"craving_sum_{n}"),
                        func.count(case((in_day, Entry.craving))).label(f"craving_n_{n}")]
    if "checkins" in parts:
        meetings = (select(func.count()).select_from(Meeting).where(
            Meeting.client_id == client_id, Meeting.attended_on >= bindparam("meetings_since")).scalar_subquery())
        columns.append(meetings.label("meetings"))
    if "trigger_details" in parts:
        counted = trigger_counts(client_id, bindparam("triggers_since"), dialect)
        counts = counted.order_by(*most_common_first(counted)).limit(COMMON_SHOWN).subquery()
        common = literal_column(_COMMON_TRIGGERS[dialect], type_=JSON)
        columns.append(select(common).select_from(counts).scalar_subquery().label("common"))
    month = (select(*columns).where(Entry.user_id == client_id, seconds >= bindparam("since"))
             .subquery())
    if "trigger_details" not in parts:
        return select(month)
    # Asked entry by entry of the triggers' primary key: as EXISTS beside an OR, PostgreSQL
    # hashed every client's triggers first (5-year client: 1.6 ms of the page's statement).
    has_trigger = select(func.count()).where(EntryTrigger.entry_id == Entry.id).scalar_subquery() > 0
    detailed = or_(Entry.situation != "", Entry.coping != "", has_trigger)
    recent = (select(Entry.id, Entry.logged_at, Entry.mood, Entry.craving, Entry.situation, Entry.coping,
                     Entry.outcome, literal_column(_TRIGGER_LABELS[dialect]).label("labels"))
              .where(Entry.user_id == client_id, Entry.logged_at >= bindparam("triggers_since"), detailed)
              .order_by(Entry.logged_at.desc(), Entry.id.desc()).limit(RECENT_SHOWN).subquery())
    # The month's one row beside each recent entry (or alone, when there is none).
    return (select(month, recent).select_from(month.outerjoin(recent, true()))
            .order_by(recent.c.logged_at.desc(), recent.c.id.desc()))


# Built once for each database and set of scopes: building its 60-odd columns took longer than
# running it. (A plain builder beside the cache, so mutation testing reaches the builder.)
_month_statement = functools.cache(_build_month_statement)
