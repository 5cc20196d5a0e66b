"""What the charts show, in a few plain sentences: each says something only when there is enough
to say it truly, and none of them judges. The thresholds are here, named, and tested."""
from dataclasses import dataclass
from datetime import date

from flask_babel import format_decimal, gettext, lazy_gettext, ngettext

from recoverynet.insights.queries import CopingResult, CravingGrid, WeekGrid
from recoverynet.log.models import trigger_text
from recoverynet.templating import format_local_date

# Parts of the day, by local hour: a person remembers "Friday evenings", not "Friday 19:00".
PARTS_OF_DAY = (("night", range(0, 5)), ("morning", range(5, 12)), ("afternoon", range(12, 18)),
                ("evening", range(18, 23)), ("night", range(23, 24)))
PART_OF_HOUR = {hour: part for part, hours in PARTS_OF_DAY for hour in hours}

# "Hardest time": the weekday and part of day with the highest mean craving, said only when the
# window has at least this many entries with a craving, that time at least this many, and its
# mean is at least this much above the window's mean (else no time stands out).
HARDEST_MIN_ENTRIES = 14
HARDEST_MIN_IN_TIME = 3
HARDEST_MIN_ABOVE = 1.0
# "Most common trigger": logged at least this many times, and more often than any other.
COMMON_TRIGGER_MIN = 3
# A coping strategy: at least this many entries with an outcome, and on track at least this
# share of them (a sentence about a strategy that rarely helped would only discourage).
COPING_MIN_TIMES = 5
COPING_MIN_SHARE = 0.5

WEEKDAYS_PLURAL = (lazy_gettext("Mondays"), lazy_gettext("Tuesdays"), lazy_gettext("Wednesdays"),
                   lazy_gettext("Thursdays"), lazy_gettext("Fridays"), lazy_gettext("Saturdays"),
                   lazy_gettext("Sundays"))


@dataclass(frozen=True)
class Time:
    """A weekday (0 Monday) and a part of the day."""
    weekday: int
    part: str


def time_words(time: Time) -> str:
    """ "Fridays in the evening", in the reader's language."""
    days = str(WEEKDAYS_PLURAL[time.weekday])
    return {"night": gettext("%(days)s at night", days=days),
            "morning": gettext("%(days)s in the morning", days=days),
            "afternoon": gettext("%(days)s in the afternoon", days=days),
            "evening": gettext("%(days)s in the evening", days=days)}[time.part]


def hardest_time(craving: CravingGrid) -> Time | None:
    """The weekday and part of day with the highest mean craving, if one clearly stands out."""
    sums: dict[Time, list[int]] = {}
    for (weekday, hour), (total, count) in craving.cells.items():
        both = sums.setdefault(Time(weekday, PART_OF_HOUR[hour]), [0, 0])
        both[0] += total
        both[1] += count
    entries = sum(count for _, count in sums.values())
    if entries < HARDEST_MIN_ENTRIES:
        return None
    overall = sum(total for total, _ in sums.values()) / entries
    candidates = [(total / count, count, time) for time, (total, count) in sums.items() if count >= HARDEST_MIN_IN_TIME]
    if not candidates:
        return None
    # Highest mean; of equal means the time with more entries, then the earlier in the week.
    mean, _, time = max(candidates, key=lambda c: (c[0], c[1], -c[2].weekday, c[2].part))
    return time if mean - overall >= HARDEST_MIN_ABOVE else None


def most_common_trigger(counts: dict[str, int]) -> tuple[str, int] | None:
    """The trigger logged most often in the window, if it was logged often enough and no other
    as often."""
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < COMMON_TRIGGER_MIN:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0]


def best_coping(results: list[CopingResult]) -> CopingResult | None:
    """The strategy most often followed by staying on track (by share, then by times), among
    those written often enough, if it helped at least half the time."""
    enough = [r for r in results if r.times >= COPING_MIN_TIMES and r.share >= COPING_MIN_SHARE]
    return max(enough, key=lambda r: (r.share, r.times), default=None)


def busiest_cell(grid: WeekGrid) -> tuple[int, int, int] | None:
    """The weekday, hour and count of the heatmap's fullest cell (the earliest of equals)."""
    if not grid.cells:
        return None
    (weekday, hour), count = min(grid.cells.items(), key=lambda item: (-item[1], item[0]))
    return weekday, hour, count


def since_words(day: date) -> str:
    """A calendar window's first day, as its sentences name it: "December 1, 2025"."""
    return format_local_date(day, "yMMMMd")


def insight_sentences(craving: CravingGrid, trigger_counts: dict[str, int], coping: list[CopingResult],
                      days: int, since: date | None = None) -> list[str]:
    """The page's sentences, in the reader's language; none when nothing can be said truly.
    `since`: the window is the year's months from that day (its sentences name the day)."""
    said = []
    time = hardest_time(craving)
    if time and since:
        said.append(gettext("Your hardest time since %(date)s: %(time)s.", date=since_words(since),
                            time=time_words(time)))
    elif time:
        said.append(ngettext("Your hardest time in the last %(num)d day: %(time)s.",
                             "Your hardest time in the last %(num)d days: %(time)s.", days, time=time_words(time)))
    common = most_common_trigger(trigger_counts)
    if common:
        label, times = common
        said.append(ngettext("Most common trigger: %(trigger)s (%(num)d time).",
                             "Most common trigger: %(trigger)s (%(num)d times).", times, trigger=trigger_text(label)))
    helped = best_coping(coping)
    if helped:
        said.append(ngettext("“%(strategy)s” was followed by staying on track %(num)d time out of %(total)d.",
                             "“%(strategy)s” was followed by staying on track %(num)d times out of %(total)d.",
                             helped.on_track, strategy=helped.strategy, total=helped.times))
    return said


def heatmap_description(grid: WeekGrid, days: int, since: date | None = None) -> str:
    """The heatmap in one sentence, for a screen reader."""
    busiest = busiest_cell(grid)
    if since:
        if busiest is None:
            return gettext("No triggers logged since %(date)s.", date=since_words(since))
        weekday, hour, count = busiest
        clock = f"{hour:02d}:00"
        return gettext("Triggers by day of the week and hour since %(date)s: %(total)d in all. "
                       "The most in one hour: %(count)d, on %(weekday)s at %(hour)s.", date=since_words(since),
                       total=grid.total, count=count, weekday=WEEKDAYS_PLURAL[weekday], hour=clock)
    if busiest is None:
        return ngettext("No triggers logged in the last %(num)d day.", "No triggers logged in the last %(num)d days.",
                        days)
    weekday, hour, count = busiest
    clock = f"{hour:02d}:00"
    return gettext("Triggers by day of the week and hour, last %(num)d days: %(total)d in all. "
                   "The most in one hour: %(count)d, on %(weekday)s at %(hour)s.",
                   num=days, total=grid.total, count=count, weekday=WEEKDAYS_PLURAL[weekday], hour=clock)


def mood_description(days: list, window_days: int, since: date | None = None) -> str:
    """The mood chart in one sentence, for a screen reader: its means over the days with entries."""
    moods = [d.mood for d in days if d.mood is not None]
    cravings = [d.craving for d in days if d.craving is not None]
    if not moods and since:
        return gettext("Nothing logged since %(date)s.", date=since_words(since))
    if not moods:
        return ngettext("Nothing logged in the last %(num)d day.", "Nothing logged in the last %(num)d days.",
                        window_days)
    mood = format_decimal(round(sum(moods) / len(moods), 1))
    if since:
        text = ngettext("Mood per day since %(date)s: logged on %(num)d day, averaging %(mood)s out of 5.",
                        "Mood per day since %(date)s: logged on %(num)d days, averaging %(mood)s out of 5.",
                        len(moods), date=since_words(since), mood=mood)
    else:
        text = ngettext("Mood per day, last %(window)d days: logged on %(num)d day, averaging %(mood)s out of 5.",
                        "Mood per day, last %(window)d days: logged on %(num)d days, averaging %(mood)s out of 5.",
                        len(moods), window=window_days, mood=mood)
    if cravings:
        text += " " + gettext("Craving averaged %(craving)s out of 10.",
                              craving=format_decimal(round(sum(cravings) / len(cravings), 1)))
    return text


def seen_words(scope: str, window) -> str:
    """What a member was shown, as "who saw what" records it for the client."""
    if window.since and scope == "mood_summary":
        return gettext("Mood and craving chart, since %(date)s", date=since_words(window.since))
    if window.since:
        return gettext("Triggers by day and hour, since %(date)s", date=since_words(window.since))
    if scope == "mood_summary":
        return gettext("Mood and craving chart, last %(num)d days", num=window.days)
    return gettext("Triggers by day and hour, last %(num)d days", num=window.days)
