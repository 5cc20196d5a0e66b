"""What a member is shown of a client's data, one function per scope."""
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, literal_column, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.meetings.models import Meeting
from recoverynet.sobriety.milestones import last_milestone, next_milestone, sober_days
from recoverynet.timeutil import local, local_today, utcnow


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
    """What the summaries read of one entry: plain values, not a loaded Entry, so a busy month
    (hundreds of entries) costs little more than a quiet one."""
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


def entries_to_summarise(client: User) -> list[SummaryEntry]:
    """The client's entries of the last month with their triggers, in one query, newest first:
    the mood, trigger and check-in summaries all read from this one list. The window is a range
    of ix_entry_user_logged, so years of older entries are never read."""
    labels = literal_column(_TRIGGER_LABELS[db.session.get_bind().dialect.name])
    rows = db.session.execute(
        select(Entry.logged_at, Entry.mood, Entry.craving, Entry.situation, Entry.coping, Entry.outcome, labels)
        .where(Entry.user_id == client.id, Entry.logged_at >= utcnow() - timedelta(days=31))
        .order_by(Entry.logged_at.desc(), Entry.id.desc()))
    return [SummaryEntry(*row[:-1], trigger_labels=json.loads(row[-1])) for row in rows]


def mood_summary(client: User, entries: list[SummaryEntry], days: int = 14) -> list[DaySummary]:
    """Average mood and craving per local day, oldest first; None on days with no entry."""
    today = local_today(client.timezone)
    start = today - timedelta(days=days - 1)
    moods, cravings = {}, {}
    for entry in entries:
        day = local(entry.logged_at, client.timezone).date()
        moods.setdefault(day, []).append(entry.mood)
        if entry.craving is not None:
            cravings.setdefault(day, []).append(entry.craving)
    # None for a day with no entry (no list) or no craving given (no list either).
    average = lambda values: round(sum(values) / len(values), 1) if values else None  # noqa: E731
    return [DaySummary(start + timedelta(days=n), average(moods.get(start + timedelta(days=n))),
                       average(cravings.get(start + timedelta(days=n)))) for n in range(days)]


def recent_triggers(entries: list[SummaryEntry],
                    limit: int = 10) -> tuple[list[SummaryEntry], list[tuple[str, int]]]:
    """This month's latest entries with triggers or detail, and its most common triggers."""
    month_ago = utcnow() - timedelta(days=30)
    this_month = [e for e in entries if e.logged_at >= month_ago]
    counts = Counter(label for e in this_month for label in e.trigger_labels)
    with_detail = [e for e in this_month if e.trigger_labels or e.situation or e.coping][:limit]
    return with_detail, counts.most_common(5)


def checkin_summary(client: User) -> dict:
    """Check-ins and meetings in the last four weeks, both counted in one query."""
    since = utcnow() - timedelta(days=28)
    checkins = select(func.count()).select_from(Entry).where(Entry.user_id == client.id, Entry.logged_at >= since)
    meetings = select(func.count()).select_from(Meeting).where(
        Meeting.client_id == client.id, Meeting.attended_on >= local_today(client.timezone) - timedelta(days=28))
    counts = db.session.execute(select(checkins.scalar_subquery(), meetings.scalar_subquery())).one()
    return {"checkins_4_weeks": counts[0], "meetings_4_weeks": counts[1]}
