"""A stored UTC moment as the client's local day, hour and weekday, computed by the database.

Neither database needs to know time zones: Python works out the zone's UTC offsets over the
window (a few segments, split at each daylight-saving change) and the statement adds the right
offset to each moment's seconds since 1970 with a CASE. Both databases then divide whole numbers
the same way, so they bucket the same moments alike, whatever zone tables each has."""
import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import BigInteger, Integer, case, cast, extract, func, literal
from sqlalchemy.sql.elements import ColumnElement

from recoverynet.sqlfunctions import sql_function
from recoverynet.timeutil import epoch_seconds, zone


@dataclass(frozen=True)
class Segment:
    """From the previous segment's end until `until` (UTC; None: to the window's end), the zone is
    `offset` seconds ahead of UTC."""
    until: datetime | None
    offset: int


def _offset(moment: datetime, zone_name: str) -> int:
    return int(moment.astimezone(zone(zone_name)).utcoffset().total_seconds())


@functools.lru_cache(maxsize=256)  # a page asks for the same window's segments once per chart
def offset_segments(zone_name: str, start: datetime, end: datetime) -> tuple[Segment, ...]:
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
    return tuple(segments)


def offset_seconds(column, segments: tuple[Segment, ...], as_seconds: bool = False) -> ColumnElement:
    """The zone's offset at each row's moment, in seconds (a CASE over the segments). The column
    holds a moment, or with `as_seconds` the moment's whole seconds since 1970."""
    if len(segments) == 1:
        return literal(segments[0].offset)
    until = (lambda moment: literal(epoch_seconds(moment), BigInteger)) if as_seconds else (  # noqa: E731
        lambda moment: literal(moment, column.type))
    whens = [(column < until(segment.until), literal(segment.offset)) for segment in segments[:-1]]
    return case(*whens, else_=literal(segments[-1].offset))


# 1 January 1970, day 0 of the epoch, was a Thursday: weekday 3 counting Monday as 0.
EPOCH = date(1970, 1, 1)
EPOCH_WEEKDAY = 3


@dataclass(frozen=True)
class LocalClock:
    """SQL expressions for a column's local time as whole numbers: `day`, the local day counted
    from 1 January 1970 (day_of() turns it into a date), and `week_hour`, the hour of the week
    from Monday 00:00 (0) to Sunday 23:00 (167)."""
    day: ColumnElement
    week_hour: ColumnElement


def day_of(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


def day_number(day: date) -> int:
    return (day - EPOCH).days


# A date column as whole days since 1 January 1970, in the database (day_number in SQL).
day_count = sql_function("day_count", Integer(), sqlite="CAST(julianday({args}) - 2440587.5 AS INTEGER)",
                         postgresql="({args} - DATE '1970-01-01')")


def local_clock(column, segments: tuple[Segment, ...], dialect: str) -> LocalClock:
    """Whole-number arithmetic on the moment's local seconds since the epoch: both databases
    divide whole numbers the same way, and it costs a third of their date functions per row."""
    if dialect == "sqlite":
        utc_seconds = cast(func.strftime("%s", column), BigInteger)  # whole seconds, from the stored text
    else:
        utc_seconds = cast(func.floor(extract("epoch", column)), BigInteger)
    return _clock(utc_seconds + offset_seconds(column, segments))


def local_clock_of_seconds(seconds_column, segments: tuple[Segment, ...]) -> LocalClock:
    """local_clock of a column that holds a moment's whole seconds since 1970 already (as
    Entry.logged_at_seconds does): no date function at all, so an index holding it answers."""
    return _clock(seconds_column + offset_seconds(seconds_column, segments, as_seconds=True))


def _clock(local_seconds) -> LocalClock:
    return LocalClock(local_seconds // 86400, (local_seconds // 3600 + EPOCH_WEEKDAY * 24) % 168)
