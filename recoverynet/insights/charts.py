"""The geometry of the insights charts, drawn as SVG by the templates (templates/insights/):
numbers in, coordinates out, so every mark on a chart comes from a tested function. The SVG uses
presentation attributes and classes only (the Content-Security-Policy forbids inline styles)."""
import functools
import math
from dataclasses import dataclass

# The mood and craving charts: the plot sits right of the scale's labels.
PLOT_LEFT, PLOT_WIDTH, PLOT_TOP, PLOT_HEIGHT = 24, 290, 6, 90
# The heatmap: a label column, then 24 hour columns; 7 weekday rows under an hour header.
HEAT_LEFT, HEAT_CELL_W, HEAT_CELL_H, HEAT_TOP = 34, 12, 16, 14
HEAT_LEVELS = 4
# A trigger's row of bars over the periods.
TREND_WIDTH, TREND_HEIGHT = 300, 28


def _num(value: float) -> str:
    """Coordinates with at most two decimals, so the SVG stays small."""
    return "%g" % round(value, 2)


@dataclass(frozen=True)
class SeriesChart:
    """One measure per day: the path through the daily means (a gap where a day has none; a lone
    day is a dot), a path of vertical strokes for each day's range, and the scale's ticks."""
    mean_path: str
    range_path: str
    ticks: list[tuple[str, int]]  # (y, value)
    x_labels: list[tuple[str, int]]  # (x, index of the day)


@functools.lru_cache(maxsize=8)
def _x_slots(count: int) -> tuple[str, ...]:
    """Where each of `count` days sits across the plot, written once per window length."""
    if count == 1:
        return (_num(PLOT_LEFT + PLOT_WIDTH / 2),)
    step = PLOT_WIDTH / max(count - 1, 1)
    return tuple(_num(PLOT_LEFT + n * step) for n in range(count))


@functools.lru_cache(maxsize=512)
def _y_at(value: float, low: int, high: int) -> str:
    """The height of a value on the scale: means have one decimal, so a few dozen are ever asked."""
    return _num(PLOT_TOP + (high - value) / (high - low) * PLOT_HEIGHT)


def series_chart(days: list, field: str, low: int, high: int) -> SeriesChart:
    """Coordinates for `field` ("mood" or "craving") of DayMood rows on a scale from low to high.
    A year's 365 days cost a few string joins each: the days' places and the scale's heights are
    worked out once (_x_slots, _y_at), not once per day."""
    count = len(days)
    x = _x_slots(count) if count else ()
    values = [getattr(day, field) for day in days] + [None]
    lows, highs = field + "_low", field + "_high"
    mean, ranges = [], []
    for n, day in enumerate(days):
        value = values[n]
        if value is None:
            continue
        if values[n - 1] is not None and n:
            mean.append(f"L{x[n]} {_y_at(value, low, high)}")
        else:
            # A day with no neighbour is drawn as a dot: a tiny stroke with round ends.
            mean.append(f"M{x[n]} {_y_at(value, low, high)}" + (" h0.01" if values[n + 1] is None else ""))
        ranges.append(f"M{x[n]} {_y_at(getattr(day, lows), low, high)}V{_y_at(getattr(day, highs), low, high)}")
    ticks = [(_y_at(value, low, high), value) for value in range(low, high + 1, 1 if high - low <= 5 else 5)]
    labels = [(x[n], n) for n in sorted({0, count // 2, count - 1})] if count else []
    return SeriesChart(" ".join(mean), " ".join(ranges), ticks, labels)


def heat_level(count: int, highest: int) -> int:
    """A heatmap cell's shade, 0 (none) to HEAT_LEVELS (the fullest hour); any count above zero
    is at least 1, so a single trigger still shows."""
    if count <= 0 or highest <= 0:
        return 0
    return max(1, math.ceil(count / highest * HEAT_LEVELS))


@dataclass(frozen=True)
class HeatCell:
    x: int
    y: int
    weekday: int
    hour: int
    count: int
    level: int


def heat_cells(cells: dict[tuple[int, int], int]) -> list[HeatCell]:
    """Every weekday-hour of the heatmap, with its position and shade."""
    highest = max(cells.values(), default=0)
    return [HeatCell(HEAT_LEFT + hour * HEAT_CELL_W, HEAT_TOP + weekday * HEAT_CELL_H, weekday, hour,
                     cells.get((weekday, hour), 0), heat_level(cells.get((weekday, hour), 0), highest))
            for weekday in range(7) for hour in range(24)]


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    count: int


def trend_bars(counts: list[int], highest: int) -> list[Bar]:
    """One trigger's bars, one per period, on a scale shared by every trigger (`highest`), so
    the rows compare; an empty period has no bar."""
    slot = TREND_WIDTH / max(len(counts), 1)
    bars = []
    for n, count in enumerate(counts):
        if count and highest:
            height = count / highest * (TREND_HEIGHT - 2)
            bars.append(Bar(_num(n * slot + 1), _num(TREND_HEIGHT - height), _num(slot - 2), _num(height), count))
    return bars


def share_width(on_track: int, times: int) -> str:
    """The length of a coping strategy's bar, out of 100: the share of its entries on track."""
    return _num(100 * on_track / times) if times else "0"
