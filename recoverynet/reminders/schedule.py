"""When a reminder is next due, in UTC, from local wall-clock times in the person's zone.

Across daylight-saving changes: a time that does not exist on the spring-forward night is
sent at the same offset as before the change (01:30 becomes 02:30); a time that happens twice
on the fall-back night is sent once, at its first occurrence.
"""
from datetime import date, datetime, time, timedelta, timezone

from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import zone


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _at(day: date, wall: time, zone_name: str) -> datetime:
    return datetime.combine(day, wall, tzinfo=zone(zone_name)).astimezone(timezone.utc)


def next_due(reminder: Reminder, after: datetime, zone_name: str) -> datetime | None:
    """The first moment strictly after `after` when this reminder should go out."""
    lead = timedelta(minutes=reminder.lead_minutes or 0)
    times = [parse_time(t) for t in reminder.time_list]
    if reminder.kind == "appointment":
        if not reminder.on_date or not times:
            return None
        due = _at(reminder.on_date, times[0], zone_name) - lead
        return due if due > after else None
    start = after.astimezone(zone(zone_name)).date() - timedelta(days=1)
    for offset in range(0, 10):
        day = start + timedelta(days=offset)
        if reminder.weekday is not None and day.weekday() != reminder.weekday:
            continue
        moments = sorted(_at(day, wall, zone_name) - lead for wall in times)
        for moment in moments:
            if moment > after:
                return moment
    return None


def quiet_hours_end(moment: datetime, start: str, end: str, zone_name: str) -> datetime | None:
    """If `moment` falls in the person's quiet hours, when they end (UTC); else None."""
    if not (start and end) or start == end:
        return None
    local = moment.astimezone(zone(zone_name))
    begin, finish = parse_time(start), parse_time(end)
    now = local.time().replace(second=0, microsecond=0)
    overnight = begin > finish
    inside = (begin <= now or now < finish) if overnight else (begin <= now < finish)
    if not inside:
        return None
    end_day = local.date() + timedelta(days=1) if overnight and now >= begin else local.date()
    return _at(end_day, finish, zone_name)
