"""The numbers behind the insights page (recoverynet/insights/), function by function: local days
and hours in zones far from UTC and across daylight-saving changes, what is counted and what is
not, the thresholds below which a sentence says nothing, and the charts' geometry.

Every query test has Oli's entries beside Casey's, at the same moments: they are never counted."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from recoverynet.extensions import db
from recoverynet.insights import charts, queries, sentences
from recoverynet.insights.localtime import Segment, offset_segments
from recoverynet.insights.queries import CopingResult, CravingGrid, DayMood, Window, WeekGrid
from recoverynet.log.models import Entry, EntryTrigger
from tests.helpers import at

UTC = timezone.utc


def log(user_id: int, moment: datetime, mood=3, craving=None, triggers=(), coping="", outcome=None) -> None:
    entry = Entry(user_id=user_id, device_id=str(uuid.uuid4()), mood=mood, craving=craving, logged_at=moment,
                  coping=coping, outcome=outcome)
    entry.triggers = [EntryTrigger(label=label) for label in triggers]
    db.session.add(entry)
    db.session.commit()


def log_both(ids, moment, **fields):
    """The same entry for Casey, and for Oli with other numbers, so a mix-up shows."""
    casey, oli = ids
    log(casey, moment, **fields)
    log(oli, moment, mood=1, craving=10, triggers=("payday", "conflict"), coping="OLI-COPING", outcome="slipped")


# ---- Local time: the zone's offsets over a window ----

def test_auckland_offsets_change_when_summer_time_ends():
    # NZ summer time ends Sunday 5 April 2026, 03:00 NZDT = 4 April 14:00 UTC.
    segments = offset_segments("Pacific/Auckland", at(2026, 3, 1), at(2026, 5, 1))
    assert segments == (Segment(at(2026, 4, 4, 14), 13 * 3600), Segment(None, 12 * 3600))


def test_los_angeles_offsets_change_when_summer_time_starts():
    # US summer time starts Sunday 8 March 2026, 02:00 PST = 10:00 UTC.
    segments = offset_segments("America/Los_Angeles", at(2026, 2, 1), at(2026, 4, 1))
    assert segments == (Segment(at(2026, 3, 8, 10), -8 * 3600), Segment(None, -7 * 3600))


def test_a_year_of_a_zone_with_summer_time_has_three_segments():
    assert len(offset_segments("Europe/London", at(2025, 12, 1), at(2026, 12, 1))) == 3


def test_a_zone_without_summer_time_has_one_segment():
    assert offset_segments("Asia/Kolkata", at(2025, 1, 1), at(2026, 1, 1)) == (Segment(None, 19800),)


# ---- The window ----

def test_window_spans_the_clients_local_days():
    window = Window.ending_today(30, "Pacific/Auckland", date(2026, 1, 16))
    assert (window.first_day, window.last_day) == (date(2025, 12, 18), date(2026, 1, 16))
    assert window.start == at(2025, 12, 17, 11)  # midnight in Auckland (NZDT, +13)
    assert window.end == at(2026, 1, 16, 11)


# ---- Mood and craving per day ----

def test_no_entries_gives_every_day_of_the_window_empty(both):
    days = queries.daily_mood(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15)))
    assert len(days) == 30 and days[0].day == date(2025, 12, 17) and days[-1].day == date(2026, 1, 15)
    assert all(d.mood is None and d.craving is None for d in days)


def test_one_entry_is_its_days_mean_lowest_and_highest(both):
    log_both(both, at(2026, 1, 15, 9), mood=4, craving=2)
    days = queries.daily_mood(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15)))
    assert days[-1] == DayMood(date(2026, 1, 15), 4.0, 4, 4, 2.0, 2, 2)
    assert [d for d in days if d.mood is not None] == [days[-1]]


def test_a_days_mean_is_rounded_and_its_range_kept(both):
    for mood, craving in ((1, 0), (2, None), (5, 9)):
        log_both(both, at(2026, 1, 15, 9), mood=mood, craving=craving)
    day = queries.daily_mood(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15)))[-1]
    assert (day.mood, day.mood_low, day.mood_high) == (2.7, 1, 5)
    assert (day.craving, day.craving_low, day.craving_high) == (4.5, 0, 9)  # the entry without craving left out


def test_auckland_entries_fall_on_auckland_days(both):
    log_both(both, at(2026, 1, 15, 10, 30), mood=2)  # 23:30 on the 15th in Auckland
    log_both(both, at(2026, 1, 15, 11, 30), mood=5)  # 00:30 on the 16th
    days = {d.day: d.mood for d in queries.daily_mood(both[0], Window.ending_today(30, "Pacific/Auckland",
                                                                                   date(2026, 1, 16)))}
    assert (days[date(2026, 1, 15)], days[date(2026, 1, 16)]) == (2.0, 5.0)


def test_los_angeles_evening_is_the_day_before_in_utc(both):
    log_both(both, at(2026, 1, 16, 7, 30), mood=1)  # 23:30 on the 15th in Los Angeles
    days = {d.day: d.mood for d in queries.daily_mood(both[0], Window.ending_today(30, "America/Los_Angeles",
                                                                                   date(2026, 1, 16)))}
    assert days[date(2026, 1, 15)] == 1.0 and days[date(2026, 1, 16)] is None


def test_an_entry_just_outside_the_window_is_left_out(both):
    window = Window.ending_today(30, "Pacific/Auckland", date(2026, 1, 16))
    log_both(both, window.start - timedelta(seconds=1), mood=1)
    log_both(both, window.end, mood=1)  # the first moment of tomorrow
    assert all(d.mood is None for d in queries.daily_mood(both[0], window))


def test_days_around_the_summer_time_change_in_los_angeles(both):
    log_both(both, at(2026, 3, 8, 7, 30), mood=1)  # 23:30 PST on 7 March
    log_both(both, at(2026, 3, 9, 6, 30), mood=4)  # 23:30 PDT on 8 March (a day of 23 hours)
    log_both(both, at(2026, 3, 9, 7, 30), mood=5)  # 00:30 PDT on 9 March
    days = {d.day: d.mood for d in queries.daily_mood(both[0], Window.ending_today(30, "America/Los_Angeles",
                                                                                   date(2026, 3, 20)))}
    assert (days[date(2026, 3, 7)], days[date(2026, 3, 8)], days[date(2026, 3, 9)]) == (1.0, 4.0, 5.0)


def test_days_around_the_end_of_summer_time_in_auckland(both):
    log_both(both, at(2026, 4, 4, 10, 30), mood=1)  # 23:30 NZDT on 4 April
    log_both(both, at(2026, 4, 5, 11, 30), mood=3)  # 23:30 NZST on 5 April (a day of 25 hours)
    log_both(both, at(2026, 4, 5, 12, 30), mood=5)  # 00:30 NZST on 6 April
    days = {d.day: d.mood for d in queries.daily_mood(both[0], Window.ending_today(30, "Pacific/Auckland",
                                                                                   date(2026, 4, 20)))}
    assert (days[date(2026, 4, 4)], days[date(2026, 4, 5)], days[date(2026, 4, 6)]) == (1.0, 3.0, 5.0)


# ---- Triggers by weekday and hour ----

def test_heatmap_counts_each_trigger_in_its_local_weekday_and_hour(both):
    # Friday 16 January 2026, 19:10 in Auckland (06:10 UTC): two triggers.
    log_both(both, at(2026, 1, 16, 6, 10), triggers=("conflict", "tired"))
    log_both(both, at(2026, 1, 16, 6, 50))  # no trigger: adds nothing
    grid = queries.trigger_heatmap(both[0], Window.ending_today(30, "Pacific/Auckland", date(2026, 1, 20)))
    assert grid.cells == {(4, 19): 2}
    assert (grid.total, grid.highest) == (2, 2)


def test_heatmap_hour_after_the_clocks_go_forward(both):
    # Sunday 8 March 2026 11:00 UTC is 04:00 PDT (it would be 03:00 in PST).
    log_both(both, at(2026, 3, 8, 11), triggers=("tired",))
    log_both(both, at(2026, 3, 8, 9, 30), triggers=("tired",))  # 01:30 PST, before the change
    grid = queries.trigger_heatmap(both[0], Window.ending_today(30, "America/Los_Angeles", date(2026, 3, 10)))
    assert grid.cells == {(6, 4): 1, (6, 1): 1}


def test_heatmap_of_no_triggers_is_empty(both):
    assert queries.trigger_heatmap(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15))).cells == {}


def test_craving_by_hour_sums_and_counts_only_entries_with_a_craving(both):
    log_both(both, at(2026, 1, 16, 6, 10), craving=8)
    log_both(both, at(2026, 1, 16, 6, 20), craving=4)
    log_both(both, at(2026, 1, 16, 6, 30), craving=None)
    grid = queries.craving_by_hour(both[0], Window.ending_today(30, "Pacific/Auckland", date(2026, 1, 20)))
    assert grid.cells == {(4, 19): (12, 2)}


# ---- Each trigger over time ----

def test_trigger_trends_count_per_week_back_from_today(both):
    today = date(2026, 1, 15)
    log_both(both, at(2026, 1, 15, 9), triggers=("stress",))  # this week
    log_both(both, at(2026, 1, 9, 9), triggers=("stress", "lonely"))  # 6 days ago: this week
    log_both(both, at(2026, 1, 8, 9), triggers=("stress",))  # 7 days ago: last week
    trends = queries.trigger_trends(both[0], Window.ending_today(30, "UTC", today))
    assert trends.period_days == 7 and trends.period_starts[-1] == date(2026, 1, 9)
    assert len(trends.period_starts) == 4
    assert [(t.label, t.counts) for t in trends.triggers] == [("stress", [0, 0, 1, 2]), ("lonely", [0, 0, 0, 1])]
    assert trends.all_counts == {"stress": 3, "lonely": 1}


def test_trigger_counts_cover_the_whole_window_though_the_weeks_do_not(both):
    # 30 days make four whole weeks: days 29 and 30 back are in the window, not in a week.
    log_both(both, at(2025, 12, 17, 9), triggers=("boredom",))  # the window's first day
    trends = queries.trigger_trends(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15)))
    assert trends.all_counts == {"boredom": 1}
    assert trends.triggers == []


def test_a_years_trends_go_four_weeks_at_a_time(both):
    log_both(both, at(2026, 1, 15, 9), triggers=("pain",))
    trends = queries.trigger_trends(both[0], Window.ending_today(365, "UTC", date(2026, 1, 15)))
    assert (trends.period_days, len(trends.period_starts)) == (28, 13)
    assert trends.triggers[0].counts[-1] == 1


def test_trends_show_the_five_most_common_triggers(both):
    for n, label in enumerate(("a", "b", "c", "d", "e", "f")):
        for _ in range(n + 1):
            log_both(both, at(2026, 1, 15, 9), triggers=(label,))
    trends = queries.trigger_trends(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15)))
    assert [t.label for t in trends.triggers] == ["f", "e", "d", "c", "b"]
    assert trends.all_counts["a"] == 1


# ---- Coping against outcome ----

@pytest.mark.parametrize(("written", "strategies"), [
    ("Ate something, went for a walk", ["Ate something", "went for a walk"]),
    ("Called Sam\nBreathing exercise; early night.", ["Called Sam", "Breathing exercise", "early night"]),
    ("Walk, walk,  WALK ", ["Walk"]),
    (" , ;\n", []),
])
def test_coping_text_splits_into_strategies(written, strategies):
    assert queries.split_coping(written) == strategies


def test_coping_outcomes_count_stayed_on_track_out_of_entries_with_an_outcome(both):
    for outcome in ("on_track", "on_track", "slipped", None):
        log_both(both, at(2026, 1, 15, 9), coping="Went for a walk, called Sam", outcome=outcome)
    log_both(both, at(2026, 1, 15, 9), coping="went for a walk.", outcome="on_track")
    results = queries.coping_outcomes(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15)))
    assert results == [CopingResult("Went for a walk", 4, 3), CopingResult("called Sam", 3, 2)]


def test_no_coping_written_gives_nothing(both):
    log_both(both, at(2026, 1, 15, 9), outcome="on_track")
    assert queries.coping_outcomes(both[0], Window.ending_today(30, "UTC", date(2026, 1, 15))) == []


# ---- Sentences and their thresholds ----

def craving_grid(*cells) -> CravingGrid:
    """((weekday, hour), [cravings...]) pairs."""
    return CravingGrid({key: (sum(values), len(values)) for key, values in cells})


def test_hardest_time_is_the_part_of_day_with_the_highest_mean_craving():
    grid = craving_grid(((4, 19), [9, 8, 9]), ((4, 21), [8]), ((0, 9), [2] * 10))
    assert sentences.hardest_time(grid) == sentences.Time(4, "evening")


def test_hardest_time_says_nothing_with_too_few_entries():
    grid = craving_grid(((4, 19), [9, 8, 9]), ((0, 9), [2] * (sentences.HARDEST_MIN_ENTRIES - 4)))
    assert sentences.hardest_time(grid) is None


def test_hardest_time_needs_enough_entries_at_that_time():
    grid = craving_grid(((4, 19), [10, 10]), ((0, 9), [2] * 20))
    assert sentences.hardest_time(grid) is None


def test_hardest_time_says_nothing_when_no_time_stands_out():
    grid = craving_grid(((4, 19), [5, 5, 6]), ((0, 9), [5] * 14))
    assert sentences.hardest_time(grid) is None


def test_late_hours_and_small_hours_are_both_night():
    assert sentences.PART_OF_HOUR[23] == sentences.PART_OF_HOUR[2] == "night"
    assert (sentences.PART_OF_HOUR[5], sentences.PART_OF_HOUR[12], sentences.PART_OF_HOUR[18]) == (
        "morning", "afternoon", "evening")


@pytest.mark.parametrize(("counts", "expected"), [
    ({}, None),
    ({"conflict": 2}, None),  # below COMMON_TRIGGER_MIN
    ({"conflict": 3}, ("conflict", 3)),
    ({"conflict": 4, "stress": 4}, None),  # a tie: neither is the most common
    ({"conflict": 5, "stress": 4}, ("conflict", 5)),
])
def test_most_common_trigger(counts, expected):
    assert sentences.most_common_trigger(counts) == expected


@pytest.mark.parametrize(("results", "expected"), [
    ([], None),
    ([CopingResult("walk", 4, 4)], None),  # too few times
    ([CopingResult("walk", 10, 4)], None),  # under half: a sentence would only discourage
    ([CopingResult("walk", 10, 5)], CopingResult("walk", 10, 5)),
    ([CopingResult("walk", 10, 9), CopingResult("call", 5, 5)], CopingResult("call", 5, 5)),
    ([CopingResult("walk", 10, 10), CopingResult("call", 5, 5)], CopingResult("walk", 10, 10)),
])
def test_best_coping(results, expected):
    assert sentences.best_coping(results) == expected


def test_sentences_say_nothing_without_data(app):
    with app.test_request_context():
        assert sentences.insight_sentences(CravingGrid(), {}, [], 30) == []


def test_sentences_say_what_the_charts_show(app):
    grid = craving_grid(((4, 19), [9, 8, 9]), ((0, 9), [2] * 11))
    with app.test_request_context():
        said = sentences.insight_sentences(grid, {"conflict": 6, "stress": 2}, [CopingResult("Going for a walk", 10, 9)],
                                           30)
    assert said == ["Your hardest time in the last 30 days: Fridays in the evening.",
                    "Most common trigger: conflict (6 times).",
                    "“Going for a walk” was followed by staying on track 9 times out of 10."]


def test_heatmap_description_names_the_fullest_hour(app):
    with app.test_request_context():
        text = sentences.heatmap_description(WeekGrid({(4, 19): 3, (0, 8): 1}), 90)
        empty = sentences.heatmap_description(WeekGrid(), 30)
    assert text == ("Triggers by day of the week and hour, last 90 days: 4 in all. "
                    "The most in one hour: 3, on Fridays at 19:00.")
    assert empty == "No triggers logged in the last 30 days."


def test_mood_description_averages_the_days_with_entries(app):
    days = [DayMood(date(2026, 1, 1)), DayMood(date(2026, 1, 2), 2.0, 1, 3, 6.0, 6, 6),
            DayMood(date(2026, 1, 3), 3.5, 3, 4, None, None, None)]
    with app.test_request_context():
        assert sentences.mood_description(days, 30) == (
            "Mood per day, last 30 days: logged on 2 days, averaging 2.8 out of 5. Craving averaged 6 out of 10.")
        assert sentences.mood_description(days[:1], 30) == "Nothing logged in the last 30 days."


# ---- Chart geometry ----

def test_series_chart_breaks_the_line_at_a_day_without_entries_and_dots_a_lone_day():
    days = [DayMood(date(2026, 1, n + 1), *values) for n, values in enumerate(
        [(5.0, 5, 5), (1.0, 1, 3), (), (3.0, 3, 3)])]
    chart = charts.series_chart(days, "mood", 1, 5)
    # x: 24 + n * 290/3; y: 6 + (5 - value) / 4 * 90
    assert chart.mean_path == "M24 6 L120.67 96 M314 51 h0.01"
    assert chart.range_path == "M24 6V6 M120.67 96V51 M314 51V51"
    assert [value for _, value in chart.ticks] == [1, 2, 3, 4, 5]


def test_series_chart_of_no_entries_draws_nothing():
    chart = charts.series_chart([DayMood(date(2026, 1, n + 1)) for n in range(30)], "craving", 0, 10)
    assert (chart.mean_path, chart.range_path) == ("", "")
    assert [value for _, value in chart.ticks] == [0, 5, 10]


@pytest.mark.parametrize(("count", "highest", "level"), [
    (0, 5, 0), (1, 100, 1), (25, 100, 1), (26, 100, 2), (50, 100, 2), (75, 100, 3), (76, 100, 4), (100, 100, 4),
])
def test_heat_level(count, highest, level):
    assert charts.heat_level(count, highest) == level


def test_heat_cells_cover_every_weekday_hour():
    cells = charts.heat_cells({(4, 19): 2, (0, 0): 1})
    assert len(cells) == 7 * 24
    friday_evening = next(c for c in cells if (c.weekday, c.hour) == (4, 19))
    assert (friday_evening.x, friday_evening.y, friday_evening.count, friday_evening.level) == (
        charts.HEAT_LEFT + 19 * charts.HEAT_CELL_W, charts.HEAT_TOP + 4 * charts.HEAT_CELL_H, 2, 4)


def test_trend_bars_share_one_scale_and_skip_empty_periods():
    bars = charts.trend_bars([0, 2, 4], highest=8)
    assert [(b.x, b.height, b.count) for b in bars] == [("101", "6.5", 2), ("201", "13", 4)]


def test_share_width():
    assert (charts.share_width(9, 10), charts.share_width(0, 3), charts.share_width(0, 0)) == ("90", "0", "0")


def test_days_add_up_into_weeks_counted_back_from_the_last_day():
    def day(n, mood=None, low=None, high=None, craving=None, mood_sum=0, mood_n=0, craving_sum=0, craving_n=0):
        return DayMood(date(2026, 1, 1) + timedelta(days=n), mood, low, high, craving, craving, craving,
                       mood_sum, mood_n, craving_sum, craving_n)
    days = [day(n) for n in range(9)]
    days[0] = day(0, 1.0, 1, 1, 0, 1, 1, 0, 1)  # the oldest week holds days 0 and 1
    days[3] = day(3, 2.0, 1, 3, None, 4, 2)  # two entries: 1 and 3
    days[8] = day(8, 5.0, 5, 5, 9, 5, 1, 9, 1)
    weeks = queries.by_week(days)
    assert [w.day for w in weeks] == [date(2026, 1, 1), date(2026, 1, 3)]
    assert weeks[0] == DayMood(date(2026, 1, 1), 1.0, 1, 1, 0.0, 0, 0)
    # (1 + 3 + 5) / 3 entries, not the mean of the days' means (2 and 5)
    assert weeks[1] == DayMood(date(2026, 1, 3), 3.0, 1, 5, 9.0, 9, 9)


def test_a_week_without_entries_is_empty():
    weeks = queries.by_week([DayMood(date(2026, 1, 1) + timedelta(days=n)) for n in range(7)])
    assert weeks == [DayMood(date(2026, 1, 1))]
