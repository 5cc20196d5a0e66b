"""What the log suggests for the relapse-prevention plan: the triggers logged most often, the
coping that was followed by staying on track, and the times that were hardest. Each is offered
to the client to tap, never added to the plan by itself.

Each looks at the client's last SUGGESTION_DAYS days only, through the index on (user, time), so
five years of history cost what three months do. The database counts; Python reads one row per
suggestion (and, for the times, one per local hour of the week that held a hard moment: the
database places each moment in the client's week with insights.localtime's offsets, as neither
database is asked to know time zones).

The plan's page asks for all four in one statement (suggestions_for_plan): each list comes as one
JSON value (sqljson.json_rows) with its rank, since a JSON aggregate keeps no order."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import get_day_names
from flask_babel import get_locale, lazy_gettext
from sqlalchemy import Select, func, or_, select

from recoverynet.analysis.models import Analysis
from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.insights.localtime import local_clock_of_seconds, offset_segments
from recoverynet.log.counts import most_common_first, trigger_counts
from recoverynet.log.models import Entry, EntryTrigger, trigger_text
from recoverynet.sqljson import json_rows
from recoverynet.timeutil import utcnow

SUGGESTION_DAYS = 90
SHOWN = 5
# A time of the week is a pattern only when it came back: one hard Friday is not "Friday evenings".
TIME_AT_LEAST = 2
TIMES_SHOWN = 3
# A craving this high (of 10) makes a moment a hard one, as a slip or a trigger does.
HIGH_CRAVING = 7
ACTION_MAX = 300

# Parts of the day, by the local hour they start; "night" runs past midnight and belongs to the
# evening before it (Saturday 01:00 is Friday night).
PARTS = (("night", 0), ("morning", 5), ("afternoon", 12), ("evening", 17), ("night", 22))
NIGHT_ENDS = 5
PART_PHRASES = {
    "morning": lazy_gettext("%(weekday)s mornings"),
    "afternoon": lazy_gettext("%(weekday)s afternoons"),
    "evening": lazy_gettext("%(weekday)s evenings"),
    "night": lazy_gettext("%(weekday)s nights"),
}
PART_ORDER = ("morning", "afternoon", "evening", "night")


@dataclass(frozen=True)
class Suggestion:
    text: str  # what tapping it adds, in the reader's language or the client's own words
    times: int  # how often the log shows it


def _since() -> datetime:
    return utcnow() - timedelta(days=SUGGESTION_DAYS)


def _not_in(lines: str):
    """A test for "already on the plan": the same words, whatever the case and spacing."""
    written = {line.strip().casefold() for line in lines.splitlines() if line.strip()}
    return lambda text: text.strip().casefold() not in written


def _ranked(query: Select, *order_by) -> Select:
    """`query` in that order, each row with its rank (1 first) as its last column."""
    return query.add_columns(func.row_number().over(order_by=order_by)).order_by(*order_by)


def _as_json(query: Select):
    """The rows of `query` as one JSON value: [[column, ...], ...] (sqljson.json_rows)."""
    rows = query.subquery()
    return select(json_rows(*rows.c)).scalar_subquery()


def _in_rank_order(rows: list[list]) -> list[list]:
    """_ranked's rows, read back from JSON (which keeps no order), first first, without the rank."""
    return [row[:-1] for row in sorted(rows, key=lambda row: row[-1])]


def _one_list(query) -> list[list]:
    return db.session.scalar(select(query)) or []


def _frequent_triggers(client_id: int, written: str):
    counts = trigger_counts(client_id, _since(), db.engine.dialect.name)
    columns, shown = counts.selected_columns, SHOWN + len(written.splitlines())
    return _as_json(_ranked(counts.with_only_columns(columns.label, columns.n), *most_common_first(counts)).limit(shown))


def _triggers_from(rows: list[list], written: str) -> list[Suggestion]:
    fresh = _not_in(written)
    found = (Suggestion(str(trigger_text(label)), n) for label, n in _in_rank_order(rows))
    return [s for s in found if fresh(s.text)][:SHOWN]


def trigger_suggestions(client: User, written: str = "") -> list[Suggestion]:
    """The client's most frequent triggers of the window, most frequent first (the latest first
    among equals), in the reader's language, leaving out those already written on the plan."""
    return _triggers_from(_one_list(_frequent_triggers(client.id, written)), written)


def _coping_on_track(client_id: int, written: list[str]):
    words, count = func.trim(Entry.coping), func.count()
    return _as_json(_ranked(
        select(func.max(words), count)
        .where(Entry.user_id == client_id, Entry.logged_at >= _since(), Entry.outcome == "on_track",
               words != "", func.length(words) <= ACTION_MAX).group_by(func.lower(words)),
        count.desc(), func.max(Entry.logged_at).desc()).limit(SHOWN + len(written)))


def _coping_from(rows: list[list], written: list[str]) -> list[Suggestion]:
    fresh = _not_in("\n".join(written))
    return [Suggestion(text, n) for text, n in _in_rank_order(rows) if fresh(text)][:SHOWN]


def coping_suggestions(client: User, written: list[str] = ()) -> list[Suggestion]:
    """The coping the client wrote down that was followed by "stayed on track" most often in the
    window (the same words in any case count as one), leaving out what the plan already says."""
    return _coping_from(_one_list(_coping_on_track(client.id, written)), written)


# Each hour's part of the day, worked out once (a 90-day window has hundreds of hard moments).
_PART_OF_HOUR = tuple(next(name for name, start in reversed(PARTS) if hour >= start) for hour in range(24))


def _part_of_week(week_hour: int) -> tuple[int, str]:
    """(weekday, part of the day) of a local hour of the week (0: Monday 00:00); the small hours
    count as the night before."""
    weekday, hour = divmod(week_hour, 24)
    return (weekday if hour >= NIGHT_ENDS else (weekday - 1) % 7), _PART_OF_HOUR[hour]


def _hard_moments(client: User):
    """The window's hard moments (an entry with a trigger, a craving of HIGH_CRAVING or more, or a
    slip) counted by the client's local hour of the week: at most 168 rows, however many moments
    (placing each moment in Python cost a long history's full window ~1 ms a page)."""
    # Counted entry by entry from the triggers' index: as EXISTS beside an OR, PostgreSQL hashed
    # every client's triggers first (5-year client's 90 days: 10 -> 1.1 ms).
    has_trigger = select(func.count()).where(EntryTrigger.entry_id == Entry.id).scalar_subquery() > 0
    since, now = _since(), utcnow()
    week_hour = local_clock_of_seconds(Entry.logged_at_seconds,
                                       offset_segments(client.timezone, since, now)).week_hour
    return _as_json(select(week_hour, func.count()).where(
        Entry.user_id == client.id, Entry.logged_at >= since,
        or_(has_trigger, Entry.craving >= HIGH_CRAVING, Entry.outcome == "slipped")).group_by(week_hour))


def _hard_times_from(rows: list[list]) -> list[tuple[int, str, int]]:
    counts: dict[tuple[int, str], int] = {}
    for week_hour, n in rows:
        key = _part_of_week(int(week_hour))
        counts[key] = counts.get(key, 0) + int(n)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0], PART_ORDER.index(item[0][1])))
    return [(weekday, part, n) for (weekday, part), n in ordered]


def hard_times(client: User) -> list[tuple[int, str, int]]:
    """(weekday 0 = Monday, part of the day, how many) for the window's hard moments, in the
    client's local time: an entry with a trigger, a craving of HIGH_CRAVING or more, or a slip.
    Most first; among equals, in the order of the week."""
    return _hard_times_from(_one_list(_hard_moments(client)))


def time_phrase(weekday: int, part: str) -> str:
    """"Friday evenings", in the reader's language."""
    names = get_day_names("wide", context="format", locale=get_locale() or "en")
    return str(PART_PHRASES[part]) % {"weekday": names[weekday]}


def _times_from(times: list[tuple[int, str, int]], written: str) -> list[Suggestion]:
    fresh = _not_in(written)
    phrases = [Suggestion(time_phrase(weekday, part), n) for weekday, part, n in times if n >= TIME_AT_LEAST]
    return [s for s in phrases if fresh(s.text)][:TIMES_SHOWN]


def time_suggestions(client: User, written: str = "") -> list[Suggestion]:
    """The times of the week that came back most often as hard ones (at least TIME_AT_LEAST
    times), as phrases, leaving out those already on the plan."""
    return _times_from(hard_times(client), written)


# The latest analyses looked at for what could break the chain: a handful says enough.
ANALYSES_READ = 10


def chain_breakers(client: User, written: list[str] = ()) -> list[Suggestion]:
    """What the client wrote, looking back at slips (analysis/), could break the chain next time:
    a line each, the latest analyses first, leaving out what the plan already says. Only the
    client's own words: a member's view stays beside their analysis."""
    return _chain_breakers_from(_one_list(_break_chain_answers(client.id)), written)


def _break_chain_answers(client_id: int):
    return _as_json(_ranked(
        select(Analysis.break_chain).where(Analysis.client_id == client_id, Analysis.break_chain != ""),
        Analysis.looked_at.desc(), Analysis.id.desc()).limit(ANALYSES_READ))


def _chain_breakers_from(rows: list[list], written: list[str]) -> list[Suggestion]:
    fresh, seen, found = _not_in("\n".join(written)), set(), []
    for (answer,) in _in_rank_order(rows):
        for line in answer.splitlines():
            words = " ".join(line.split())
            if words and len(words) <= ACTION_MAX and fresh(words) and words.casefold() not in seen:
                seen.add(words.casefold())
                found.append(Suggestion(words, 1))
    return found[:SHOWN]


def suggestions_for_plan(client: User, triggers: str, actions: list[str], times: str,
                         room: bool) -> dict[str, list[Suggestion]]:
    """Everything the plan's page offers, in one statement: the triggers, coping and times not
    written yet (`triggers`, `actions`, `times`: what the form holds), and, while the plan has
    `room` for another action, the coping and the chain breakers."""
    parts: dict[str, tuple] = {
        "triggers": (_frequent_triggers(client.id, triggers), lambda rows: _triggers_from(rows, triggers)),
        "high_risk_times": (_hard_moments(client), lambda rows: _times_from(_hard_times_from(rows), times)),
    }
    if room:
        parts["actions"] = (_coping_on_track(client.id, actions), lambda rows: _coping_from(rows, actions))
        parts["chain_breakers"] = (_break_chain_answers(client.id),
                                   lambda rows: _chain_breakers_from(rows, actions))
    found = db.session.execute(select(*(query for query, _ in parts.values()))).one()
    suggested = {name: read(rows or []) for (name, (_, read)), rows in zip(parts.items(), found)}
    return {"actions": [], "chain_breakers": []} | suggested
