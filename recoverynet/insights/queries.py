"""The numbers behind the insights page, each summed or counted by the database over one window
of the client's local days: a statement's rows are days, weekday-hours, triggers or coping texts,
never entries, so a five-year log costs what its window holds, not what lies behind it."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock, timedelta

from sqlalchemy import BigInteger, case, cast, func, literal, null, select, union_all

from recoverynet.extensions import db
from recoverynet.insights.localtime import LocalClock, day_number, day_of, local_clock_of_seconds, offset_segments
from recoverynet.log.counts import with_triggers
from recoverynet.log.models import OUTCOMES, Entry
from recoverynet.timeutil import epoch_seconds, local_today, zone

WINDOWS = (30, 90, 365)
DEFAULT_WINDOW = 30
# The year (?days=365) is this local month and the eleven before it: whole months, which
# insights/months.py keeps summed, so five years of history cost what one month does.
YEAR = 365
YEAR_MONTHS = 12
# How the trigger-over-time chart groups days, per window: weeks, or four weeks for a year.
PERIOD_DAYS = {30: 7, 90: 7, 365: 28}
TRENDS_SHOWN = 5  # the most common triggers get a row each in the trigger-over-time chart


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before) `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Window:
    """The client's last `days` local days, today included, and the UTC moments they span. A
    calendar window (the year) is whole local months instead: from the first day of its first
    month to today, and it ends when this month ends (insights/months.py sums a month at a time)."""
    days: int
    zone_name: str
    first_day: date
    last_day: date
    start: datetime  # when first_day begins, in the client's zone
    end: datetime  # when the day after last_day begins (a calendar window: when this month ends)
    calendar: bool = False

    @classmethod
    def ending_today(cls, days: int, zone_name: str | None, today: date | None = None) -> "Window":
        zone_name = zone_name or "UTC"
        last = today or local_today(zone_name)
        first = last - timedelta(days=days - 1)
        tz = zone(zone_name)
        return cls(days, zone_name, first, last, datetime.combine(first, clock(0), tz),
                   datetime.combine(last + timedelta(days=1), clock(0), tz))

    @classmethod
    def months_to_date(cls, months: int, zone_name: str | None, today: date | None = None) -> "Window":
        """This local month and the `months - 1` before it, up to today."""
        zone_name = zone_name or "UTC"
        last = today or local_today(zone_name)
        first = add_months(last, 1 - months)
        tz = zone(zone_name)
        return cls((last - first).days + 1, zone_name, first, last, datetime.combine(first, clock(0), tz),
                   datetime.combine(add_months(last, 1), clock(0), tz), calendar=True)

    @classmethod
    def month(cls, first: date, zone_name: str) -> "Window":
        """One whole local month (`first`: its first day)."""
        last = add_months(first, 1) - timedelta(days=1)
        return cls.months_to_date(1, zone_name, last)

    @property
    def month_starts(self) -> list[date]:
        """The first day of each month of a calendar window, oldest first."""
        count = (self.last_day.year - self.first_day.year) * 12 + self.last_day.month - self.first_day.month + 1
        return [add_months(self.first_day, n) for n in range(count)]

    @property
    def since(self) -> date | None:
        """The first day of a calendar window, which the page names ("since 1 December 2025")."""
        return self.first_day if self.calendar else None

    def clock(self) -> LocalClock:
        """The local day and weekday-hour of each entry, from its stored seconds."""
        return local_clock_of_seconds(Entry.logged_at_seconds, offset_segments(self.zone_name, self.start, self.end))

    def where(self, client_id: int) -> tuple:
        """The client's entries of the window: a range of ix_entry_user_clock, which holds each
        entry's seconds, mood and craving, so most charts never read the entry itself."""
        return (Entry.user_id == client_id, Entry.logged_at_seconds >= epoch_seconds(self.start),
                Entry.logged_at_seconds < epoch_seconds(self.end))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _mean(total, count: int) -> float | None:
    return round(total / count, 1) if count else None


@dataclass(frozen=True)
class DayMood:
    """One local day: mean, lowest and highest mood (1-5) and craving (0-10); None with no entries."""
    day: date
    mood: float | None = None
    mood_low: int | None = None
    mood_high: int | None = None
    craving: float | None = None
    craving_low: int | None = None
    craving_high: int | None = None
    # The sums and counts behind the means, so days add up into weeks (DayMood.weeks).
    mood_sum: int = field(default=0, compare=False, repr=False)
    mood_n: int = field(default=0, compare=False, repr=False)
    craving_sum: int = field(default=0, compare=False, repr=False)
    craving_n: int = field(default=0, compare=False, repr=False)

    @classmethod
    def of_sums(cls, day: date, mood_sum: int | None, mood_n: int, mood_low: int | None, mood_high: int | None,
                craving_sum: int | None, craving_n: int, craving_low: int | None,
                craving_high: int | None) -> "DayMood":
        """A day from its sums, counts, lowest and highest (as the database or a summed month gives them)."""
        return cls(day, _mean(mood_sum, mood_n), mood_low, mood_high, _mean(craving_sum, craving_n), craving_low,
                   craving_high, mood_sum or 0, mood_n, craving_sum or 0, craving_n)


def daily_mood(client_id: int, window: Window) -> list[DayMood]:
    """Every day of the window, oldest first, with its mood and craving (days without entries too)."""
    local = window.clock()
    rows = db.session.execute(
        select(local.day, func.sum(Entry.mood), func.count(Entry.mood), func.min(Entry.mood), func.max(Entry.mood),
               func.sum(Entry.craving), func.count(Entry.craving), func.min(Entry.craving), func.max(Entry.craving))
        .where(*window.where(client_id)).group_by(local.day))
    found = {}
    for day, *sums in rows:
        found[day_of(day)] = DayMood.of_sums(day_of(day), *sums)
    return [found.get(day) or DayMood(day) for day in days_of(window)]


def days_of(window: Window) -> list[date]:
    """Every day of the window, oldest first."""
    first = window.first_day
    return [first + timedelta(days=n) for n in range(window.days)]


def by_week(days: list[DayMood]) -> list[DayMood]:
    """Days (oldest first) added up a week at a time, counted back from the last day: each week
    is a DayMood of its first day, with the week's mean (over its entries, not its days' means)
    and its lowest and highest. The table beside a 90-day chart reads by week."""
    return [added_up(days[max(0, end - 7):end]) for end in range(len(days), 0, -7)][::-1]


def by_month(days: list[DayMood]) -> list[DayMood]:
    """Days (oldest first) added up a calendar month at a time, as by_week does a week: the table
    beside the year's chart reads by month, as its trigger chart does."""
    months: dict[tuple[int, int], list[DayMood]] = {}
    for day in days:
        months.setdefault((day.day.year, day.day.month), []).append(day)
    return [added_up(month) for month in months.values()]


def added_up(days: list[DayMood]) -> DayMood:
    """A run of days as one DayMood of its first day: the mean over its entries (not its days'
    means), its lowest and its highest."""
    logged = [d for d in days if d.mood is not None]
    craved = [d for d in days if d.craving is not None]
    mood_sum, mood_n = sum(d.mood_sum for d in logged), sum(d.mood_n for d in logged)
    craving_sum, craving_n = sum(d.craving_sum for d in craved), sum(d.craving_n for d in craved)
    return DayMood(days[0].day, _mean(mood_sum, mood_n), min((d.mood_low for d in logged), default=None),
                   max((d.mood_high for d in logged), default=None), _mean(craving_sum, craving_n),
                   min((d.craving_low for d in craved), default=None),
                   max((d.craving_high for d in craved), default=None), mood_sum, mood_n, craving_sum, craving_n)


@dataclass
class WeekGrid:
    """A number for each weekday (0 Monday) and local hour: {(weekday, hour): value}."""
    cells: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    @property
    def highest(self) -> int:
        return max(self.cells.values(), default=0)


@dataclass
class CravingGrid:
    """Craving summed and counted per weekday and local hour: {(weekday, hour): (sum, count)}."""
    cells: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


def week_hours(client_id: int, window: Window) -> tuple[WeekGrid, CravingGrid]:
    """The window's entries per weekday-hour, in one statement: how many triggers were logged
    there (as trigger_heatmap counts them) and their craving summed and counted (craving_by_hour).
    The client's page, which shows both. Two grouped halves joined by UNION ALL, each reading the
    window's range of ix_entry_user_clock: a per-entry count of its triggers costs six times more."""
    local = window.clock()
    nothing = cast(null(), BigInteger)
    triggered, _ = with_triggers(Entry, _dialect())
    rows = db.session.execute(union_all(
        select(local.week_hour, func.count(), nothing, nothing).select_from(triggered)
        .where(*window.where(client_id)).group_by(local.week_hour),
        select(local.week_hour, nothing, func.sum(Entry.craving), func.count(Entry.craving))
        .where(*window.where(client_id), Entry.craving.is_not(None)).group_by(local.week_hour)))
    heat, craving = WeekGrid(), CravingGrid()
    for week_hour, trigger_count, craving_sum, craving_count in rows:
        cell = divmod(int(week_hour), 24)
        if trigger_count:
            heat.cells[cell] = int(trigger_count)
        if craving_count:
            craving.cells[cell] = (int(craving_sum), craving_count)
    return heat, craving


def trigger_heatmap(client_id: int, window: Window) -> WeekGrid:
    """How many triggers were logged in each weekday-hour of the window (a trigger on an entry
    counts once; an entry with two triggers counts twice). Entries without triggers add nothing.
    The heatmap alone, for a member's page: it reads only the entries with a trigger, so it is
    faster than week_hours when the craving isn't wanted."""
    local = window.clock()
    triggered, _ = with_triggers(Entry, _dialect())
    rows = db.session.execute(
        select(local.week_hour, func.count()).select_from(triggered)
        .where(*window.where(client_id)).group_by(local.week_hour))
    return WeekGrid({divmod(int(week_hour), 24): count for week_hour, count in rows})


def craving_by_hour(client_id: int, window: Window) -> CravingGrid:
    """Craving per weekday-hour of the window, for the "hardest time" sentence."""
    return week_hours(client_id, window)[1]


@dataclass(frozen=True)
class TriggerTrend:
    """One trigger's count in each period of the window, oldest period first."""
    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Trends:
    period_starts: list[date]  # the first day of each period, oldest first
    period_days: int  # 0: calendar months
    triggers: list[TriggerTrend]  # the most common first
    all_counts: dict[str, int]  # every trigger's count over the window

    @property
    def monthly(self) -> bool:
        return self.period_days == 0


def trends_of(counts: dict[str, list[int]], period_starts: list[date], period_days: int) -> Trends:
    """Trends from each trigger's count per period (oldest first): the most common few get a row."""
    totals = {label: sum(per_period) for label, per_period in counts.items() if sum(per_period)}
    common = sorted(totals, key=lambda label: (-totals[label], label))[:TRENDS_SHOWN]
    return Trends(period_starts, period_days, [TriggerTrend(label, counts[label]) for label in common], totals)


def trigger_counts(client_id: int, window: Window) -> dict[str, int]:
    """How many times each trigger was logged in the window (insights/months.py keeps a month's)."""
    triggered, label = with_triggers(Entry, _dialect())
    rows = db.session.execute(select(label, func.count()).select_from(triggered)
                              .where(*window.where(client_id)).group_by(label))
    return {label: count for label, count in rows}


def monthly_trends(client_id: int, window: Window) -> Trends:
    """Each trigger's count in each local month of a calendar window (the year), oldest first."""
    starts = window.month_starts
    ends = [epoch_seconds(datetime.combine(add_months(start, 1), clock(0), zone(window.zone_name)))
            for start in starts[:-1]]
    month = case(*[(Entry.logged_at_seconds < end, n) for n, end in enumerate(ends)], else_=len(ends)) \
        if ends else literal(0)
    triggered, label = with_triggers(Entry, _dialect())
    rows = db.session.execute(select(label, month, func.count()).select_from(triggered)
                              .where(*window.where(client_id)).group_by(label, month))
    counts: dict[str, list[int]] = {}
    for label, n, count in rows:
        counts.setdefault(label, [0] * len(starts))[int(n)] += count
    return trends_of(counts, starts, 0)


def trigger_trends(client_id: int, window: Window) -> Trends:
    """Each trigger's count per period (weeks, or four weeks for a year), counted back from today
    so the last period ends today and every period is as long as the others: as many periods as
    fit the window best (30 days: 4 weeks; 90: 13 weeks; 365: 13 times four weeks). `all_counts`
    counts the window's own days exactly."""
    size = PERIOD_DAYS.get(window.days, 7)
    periods = max(1, round(window.days / size))
    first = window.last_day - timedelta(days=periods * size - 1)
    wide = Window.ending_today(periods * size, window.zone_name, window.last_day)
    local = wide.clock()
    period = (day_number(window.last_day) - local.day) // size
    # The periods may start before the window or end up shorter: both are read in one pass.
    since, until = epoch_seconds(min(wide.start, window.start)), epoch_seconds(window.end)
    in_window = func.count(case((Entry.logged_at_seconds >= epoch_seconds(window.start), 1)))
    in_periods = func.count(case((Entry.logged_at_seconds >= epoch_seconds(wide.start), 1)))
    triggered, label = with_triggers(Entry, _dialect())
    rows = db.session.execute(
        select(label, period, in_periods, in_window).select_from(triggered)
        .where(Entry.user_id == client_id, Entry.logged_at_seconds >= since, Entry.logged_at_seconds < until)
        .group_by(label, period))
    counts: dict[str, list[int]] = {}
    totals: Counter = Counter()
    for label, ago, count, window_count in rows:
        totals[label] += window_count
        if count:
            counts.setdefault(label, [0] * periods)[periods - 1 - int(ago)] += count
    common = sorted(counts, key=lambda label: (-sum(counts[label]), label))[:TRENDS_SHOWN]
    return Trends([first + timedelta(days=n * size) for n in range(periods)], size,
                  [TriggerTrend(label, counts[label]) for label in common], {k: v for k, v in totals.items() if v})


@dataclass(frozen=True)
class CopingResult:
    """A coping strategy as the client wrote it most often, how many of its entries have an outcome,
    and how many of those stayed on track."""
    strategy: str
    times: int
    on_track: int

    @property
    def share(self) -> float:
        return self.on_track / self.times if self.times else 0.0


def split_coping(text: str) -> list[str]:
    """The strategies in what the client wrote under "What did you do to cope?": one per line,
    or separated by commas or semicolons ("Ate something, went for a walk" is two)."""
    parts = text.replace(";", "\n").replace(",", "\n").splitlines()
    seen, strategies = set(), []
    for part in parts:
        part = part.strip().strip(".!").strip()
        key = part.casefold()
        if part and key not in seen:
            seen.add(key)
            strategies.append(part)
    return strategies


def coping_outcomes(client_id: int, window: Window) -> list[CopingResult]:
    """For each strategy written in the window, how often an entry naming it stayed on track,
    out of its entries with an outcome ("Not sure yet" is left out). Most often written first."""
    return coping_results(coping_texts(client_id, window))


def coping_texts(client_id: int, window: Window) -> list[tuple[str, str, int]]:
    """(text written, outcome, entries) for the window's entries with both. The database groups the
    entries by what was written (a few dozen texts, however many entries); each outcome's entries
    of the window are a range of ix_entry_user_outcome: only those with an outcome are read."""
    return [tuple(row) for row in db.session.execute(
        select(Entry.coping, Entry.outcome, func.count())
        .where(Entry.user_id == client_id, Entry.outcome.in_(OUTCOMES), Entry.logged_at >= window.start,
               Entry.logged_at < window.end, Entry.coping != "")
        .group_by(Entry.coping, Entry.outcome))]


def coping_results(rows: list[tuple[str, str, int]]) -> list[CopingResult]:
    """coping_texts' rows as strategies: each text is split once and its strategies added up."""
    times, on_track, spelling = Counter(), Counter(), {}
    # The spelling shown is the one written most often (then the first in order).
    for text, outcome, count in sorted(rows, key=lambda row: (-row[2], row[0], row[1])):
        for strategy in split_coping(text):
            key = strategy.casefold()
            spelling.setdefault(key, strategy)
            times[key] += count
            if outcome == "on_track":
                on_track[key] += count
    ordered = sorted(times, key=lambda key: (-times[key], -on_track[key], key))
    return [CopingResult(spelling[key], times[key], on_track[key]) for key in ordered]


def window_for(days: int, zone_name: str | None) -> Window:
    """The window a page shows for ?days=: the last 30 or 90 days, or the year's calendar months."""
    if days == YEAR:
        return Window.months_to_date(YEAR_MONTHS, zone_name)
    return Window.ending_today(days, zone_name)


@dataclass(frozen=True)
class Numbers:
    """Everything the client's page draws for one window."""
    days: list[DayMood]
    heat: WeekGrid
    craving: CravingGrid
    trends: Trends
    coping: list[CopingResult]


def live_numbers(client_id: int, window: Window) -> Numbers:
    """The window's numbers, summed by the database from its entries: four statements."""
    heat, craving = week_hours(client_id, window)
    trends = monthly_trends(client_id, window) if window.calendar else trigger_trends(client_id, window)
    return Numbers(daily_mood(client_id, window), heat, craving, trends, coping_outcomes(client_id, window))
