"""What a member is shown of a client's data, one function per scope."""
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

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


def mood_summary(client: User, days: int = 14) -> list[DaySummary]:
    """Average mood and craving per local day, oldest first; None on days with no entry."""
    today = local_today(client.timezone)
    start = today - timedelta(days=days - 1)
    entries = db.session.scalars(select(Entry).where(
        Entry.user_id == client.id, Entry.logged_at >= utcnow() - timedelta(days=days + 1)))
    moods, cravings = {}, {}
    for entry in entries:
        day = local(entry.logged_at, client.timezone).date()
        moods.setdefault(day, []).append(entry.mood)
        if entry.craving is not None:
            cravings.setdefault(day, []).append(entry.craving)
    average = lambda values: round(sum(values) / len(values), 1) if values else None  # noqa: E731
    return [DaySummary(start + timedelta(days=n), average(moods.get(start + timedelta(days=n), [])),
                       average(cravings.get(start + timedelta(days=n), []))) for n in range(days)]


def recent_triggers(client: User, limit: int = 10) -> tuple[list[Entry], list[tuple[str, int]]]:
    """The latest entries with triggers or detail, and the most common triggers this month."""
    entries = db.session.scalars(select(Entry).where(Entry.user_id == client.id)
                                 .order_by(Entry.logged_at.desc()).limit(60)).all()
    month_ago = utcnow() - timedelta(days=30)
    counts = Counter(label for e in entries if e.logged_at >= month_ago for label in e.trigger_labels)
    with_detail = [e for e in entries if e.trigger_labels or e.situation or e.coping][:limit]
    return with_detail, counts.most_common(5)


def checkin_summary(client: User) -> dict:
    since = utcnow() - timedelta(days=28)
    count = lambda query: db.session.scalar(select(func.count()).select_from(query))  # noqa: E731
    return {
        "checkins_4_weeks": count(select(Entry.id).where(Entry.user_id == client.id, Entry.logged_at >= since)
                                  .subquery()),
        "meetings_4_weeks": count(select(Meeting.id).where(
            Meeting.client_id == client.id,
            Meeting.attended_on >= local_today(client.timezone) - timedelta(days=28)).subquery()),
    }
