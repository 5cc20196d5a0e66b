"""Times are stored in UTC and shown in the person's own time zone."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds from 1970 to an aware moment, rounded down (a moment's second, as a number)."""
    return (moment - EPOCH_UTC) // timedelta(seconds=1)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def is_valid_zone(name: str) -> bool:
    return name in available_timezones()


def local(moment: datetime, zone_name: str | None) -> datetime:
    return as_utc(moment).astimezone(zone(zone_name))


def local_today(zone_name: str | None) -> date:
    return utcnow().astimezone(zone(zone_name)).date()


def parse_time(text: str) -> time:
    """A wall-clock time written "HH:MM"."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def utc_moment(day: date, wall: time, zone_name: str) -> datetime:
    """The UTC moment of a wall-clock time on a day in a zone."""
    return datetime.combine(day, wall, tzinfo=zone(zone_name)).astimezone(timezone.utc)


def quiet_hours_end(moment: datetime, start: str, end: str, zone_name: str) -> datetime | None:
    """If `moment` falls in the person's quiet hours, when they end (UTC); else None."""
    if not (start and end) or start == end:
        return None
    local_moment = moment.astimezone(zone(zone_name))
    begin, finish = parse_time(start), parse_time(end)
    now = local_moment.time().replace(second=0, microsecond=0)
    overnight = begin > finish
    inside = (begin <= now or now < finish) if overnight else (begin <= now < finish)
    if not inside:
        return None
    end_day = local_moment.date() + timedelta(days=1) if overnight and now >= begin else local_moment.date()
    return utc_moment(end_day, finish, zone_name)
