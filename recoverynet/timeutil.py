"""Times are stored in UTC and shown in the person's own time zone."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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
