"""A stored UTC moment as the client's local day, hour and weekday, computed by the database.

Neither SQLite nor our PostgreSQL use of it needs the database to know time zones: Python works
out the zone's UTC offsets over the window (a few segments, split at each daylight-saving change)
and the statement adds the right offset to each moment with a CASE. Both databases then read the
day, hour and weekday from a plain local timestamp, so they bucket the same moments the same way,
whatever zone tables each has."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Date, Integer, case, cast, extract, func, literal
from sqlalchemy.sql.elements import ColumnElement

from recoverynet.timeutil import zone


@dataclass(frozen=True)
class Segment:
    """From the previous segment's end until `until` (UTC; None: to the window's end), the zone is
    `offset` seconds ahead of UTC."""
    until: datetime | None
    offset: int


def _offset(moment: datetime, zone_name: str) -> int:
    return int(moment.astimezone(zone(zone_name)).utcoffset().total_seconds())


def offset_segments(zone_name: str, start: datetime, end: datetime) -> list[Segment]:
    """The zone's UTC offsets from `start` to `end` (aware datetimes), one segment per offset.

    Zones change offset at most a few times a year and never twice in a day, so a day at a time
    finds every change, and halving the day finds its second."""
    segments, moment, offset = [], start, _offset(start, zone_name)
    while moment < end:
        step = min(moment + timedelta(days=1), end)
        if _offset(step, zone_name) != offset:
            low, high = moment, step  # the offset changes after low, by high
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if _offset(middle, zone_name) == offset else (low, middle)
            segments.append(Segment(high.replace(microsecond=0), offset))
            offset, moment = _offset(high, zone_name), high
            continue
        moment = step
    segments.append(Segment(None, offset))
    return segments


def offset_seconds(column, segments: list[Segment]) -> ColumnElement:
    """The zone's offset at each row's moment, in seconds (a CASE over the segments)."""
    if len(segments) == 1:
        return literal(segments[0].offset)
    whens = [(column < literal(segment.until, column.type), literal(segment.offset)) for segment in segments[:-1]]
    return case(*whens, else_=literal(segments[-1].offset))


@dataclass(frozen=True)
class LocalClock:
    """SQL expressions for a column's local day, hour (0-23) and weekday (0 Monday to 6 Sunday)."""
    day: ColumnElement
    hour: ColumnElement
    weekday: ColumnElement


def local_clock(column, segments: list[Segment], dialect: str) -> LocalClock:
    offset = offset_seconds(column, segments)
    if dialect == "sqlite":
        # SQLite stores the UTC moment as text; its date functions read it and add the modifier.
        modifier = func.printf("%+d seconds", offset)
        day = func.date(column, modifier)
        hour = cast(func.strftime("%H", column, modifier), Integer)
        sunday_first = cast(func.strftime("%w", column, modifier), Integer)
    else:
        # The UTC wall time of a timestamptz, whatever the session's TimeZone, plus the offset.
        moment = func.timezone("UTC", column) + func.make_interval(0, 0, 0, 0, 0, 0, offset)
        day = cast(moment, Date)
        hour = cast(extract("hour", moment), Integer)
        sunday_first = cast(extract("dow", moment), Integer)
    # Both count Sunday as 0; Python's weekday() counts Monday as 0.
    return LocalClock(day, hour, (sunday_first + 6) % 7)
