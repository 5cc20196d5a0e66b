"""The geometry of the insights charts, drawn as SVG by the templates (templates/insights/):
numbers in, coordinates out, so every mark on a chart comes from a tested function. The SVG uses
presentation attributes and classes only (the Content-Security-Policy forbids inline styles)."""
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


def series_chart(days: list, field: str, low: int, high: int) -> SeriesChart:
    """Coordinates for `field` ("mood" or "craving") of DayMood rows on a scale from low to high."""
    count = len(days)
    step = PLOT_WIDTH / max(count - 1, 1)
    x = lambda n: PLOT_LEFT + (n * step if count > 1 else PLOT_WIDTH / 2)  # noqa: E731
    y = lambda value: PLOT_TOP + (high - value) / (high - low) * PLOT_HEIGHT  # noqa: E731
    mean, ranges, joined = [], [], False
    for n, day in enumerate(days):
        value = getattr(day, field)
        if value is None:
            joined = False
            continue
        alone = (n + 1 >= count or getattr(days[n + 1], field) is None)
        if joined:
            mean.append(f"L{_num(x(n))} {_num(y(value))}")
        else:
            # A day with no neighbour is drawn as a dot: a tiny stroke with round ends.
            mean.append(f"M{_num(x(n))} {_num(y(value))}" + (" h0.01" if alone else ""))
        joined = True
        ranges.append(f"M{_num(x(n))} {_num(y(getattr(day, field + '_low')))}"
                      f"V{_num(y(getattr(day, field + '_high')))}")
    ticks = [(_num(y(value)), value) for value in range(low, high + 1, 1 if high - low <= 5 else 5)]
    labels = [(_num(x(n)), n) for n in sorted({0, count // 2, count - 1})] if count else []
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
