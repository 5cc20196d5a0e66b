"""Sober-day counting and milestones: 1, 7, 14, 30, 60, 90, 180, 365 days, then yearly."""
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from typing import Iterator

from flask_babel import lazy_ngettext

DAY_MILESTONES = (1, 7, 14, 30, 60, 90, 180, 365)


@dataclass(frozen=True)
class Milestone:
    label: str  # lazy: it reads "7 days" or "7 días" in the language of the page it is shown on
    on: date


def sober_days(since: date | None, today: date) -> int | None:
    """Whole days since the sober date; the date itself is day 0."""
    if since is None or since > today:
        return None if since is None else 0
    return (today - since).days


def _anniversary(since: date, years: int) -> date:
    try:
        return since.replace(year=since.year + years)
    except ValueError:  # 29 February in a non-leap year
        return since.replace(year=since.year + years, day=28)


def milestones(since: date) -> Iterator[Milestone]:
    """Every milestone in order, without end."""
    for days in DAY_MILESTONES:
        yield Milestone(_years(1) if days == 365 else _days(days), since + timedelta(days=days))
    for years in count(2):
        yield Milestone(_years(years), _anniversary(since, years))


def _days(days: int) -> str:
    return lazy_ngettext("%(num)d day", "%(num)d days", days)


def _years(years: int) -> str:
    return lazy_ngettext("%(num)d year", "%(num)d years", years)


def next_milestone(since: date, today: date) -> Milestone:
    return next(m for m in milestones(since) if m.on > today)


def last_milestone(since: date, today: date) -> Milestone | None:
    reached = None
    for milestone in milestones(since):
        if milestone.on > today:
            return reached
        reached = milestone
    return reached  # unreachable: milestones never end
