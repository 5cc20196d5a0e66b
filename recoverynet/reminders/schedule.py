"""When a reminder is next due, in UTC, from local wall-clock times in the person's zone.

Across daylight-saving changes: a time that does not exist on the spring-forward night is
sent at the same offset as before the change (01:30 becomes 02:30); a time that happens twice
on the fall-back night is sent once, at its first occurrence.
"""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import parse_time, utc_moment, utcnow, zone


def next_due(reminder: Reminder, after: datetime, zone_name: str) -> datetime | None:
    """The first moment strictly after `after` when this reminder should go out."""
    lead = timedelta(minutes=reminder.lead_minutes or 0)
    times = [parse_time(t) for t in reminder.time_list]
    if reminder.kind == "appointment":
        if not reminder.on_date or not times:
            return None
        due = utc_moment(reminder.on_date, times[0], zone_name) - lead
        return due if due > after else None
    start = after.astimezone(zone(zone_name)).date() - timedelta(days=1)
    for offset in range(0, 10):
        day = start + timedelta(days=offset)
        if reminder.weekday is not None and day.weekday() != reminder.weekday:
            continue
        moments = sorted(utc_moment(day, wall, zone_name) - lead for wall in times)
        for moment in moments:
            if moment > after:
                return moment
    return None


def dose_at(reminder: Reminder, moment: datetime, zone_name: str) -> tuple[date, str] | None:
    """The dose a medication reminder sent at `moment` is about: its local day and wall-clock time
    ("HH:MM"), the latest whose sending time (time less the lead) is at or before `moment`. Found
    with the same utc_moment as next_due, so a daylight-saving night gives the same dose back."""
    lead = timedelta(minutes=reminder.lead_minutes or 0)
    today = moment.astimezone(zone(zone_name)).date()
    sent = [(utc_moment(day, parse_time(wall), zone_name) - lead, day, wall)
            for day in (today - timedelta(days=1), today, today + timedelta(days=1)) for wall in reminder.time_list]
    before = [found for found in sent if found[0] <= moment]
    if not before:
        return None
    _, day, wall = max(before)
    return day, wall


def reschedule(reminder: Reminder, zone_name: str) -> None:
    reminder.next_due_at = None if reminder.paused else next_due(reminder, utcnow(), zone_name)


def reschedule_all(user) -> None:
    """After a time-zone change every reminder follows the person's new local time."""
    for reminder in db.session.scalars(select(Reminder).where(Reminder.user_id == user.id)):
        reschedule(reminder, user.timezone)
