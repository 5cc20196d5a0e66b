"""What the log suggests for the relapse-prevention plan (prevention/suggestions.py): the triggers
logged most often, the coping followed by staying on track, and the hardest times of the week in
the client's own time. Every world has two clients: Oli's log is never Casey's suggestion."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from flask_babel import force_locale

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.prevention.suggestions import (coping_suggestions, hard_times, time_phrase, time_suggestions,
                                                trigger_suggestions)

# Thursday 15 January 2026, 20:00 UTC (conftest's a_fixed_evening).
pytestmark = pytest.mark.usefixtures("a_fixed_evening")
NOW = datetime(2026, 1, 15, 20, 0, tzinfo=timezone.utc)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def log(app, user_id, at: datetime, triggers=(), **fields):
    with app.app_context():
        fields.setdefault("mood", 3)
        db.session.add(Entry(user_id=user_id, device_id=str(uuid.uuid4()), logged_at=at,
                             triggers=[EntryTrigger(label=label) for label in triggers], **fields))
        db.session.commit()


def set_zone(app, user_id, name):
    with app.app_context():
        db.session.get(User, user_id).timezone = name
        db.session.commit()


def suggest(app, user_id, what, *args, language="en"):
    with app.test_request_context(), force_locale(language):
        return [(s.text, s.times) for s in what(db.session.get(User, user_id), *args)]


def times_of(app, user_id):
    with app.app_context():
        return hard_times(db.session.get(User, user_id))


@pytest.fixture
def casey(people, second_world):
    """Casey, beside Oli, whose own log has "payday" three times in the last hours (network_world)."""
    return people["client"]


# ---- No data, one entry ----

@pytest.mark.parametrize("what", [trigger_suggestions, coping_suggestions, time_suggestions])
def test_no_log_suggests_nothing(app, casey, what):
    assert suggest(app, casey, what) == []


def test_one_entry_suggests_its_trigger_once(app, casey):
    log(app, casey, NOW - timedelta(hours=2), triggers=["conflict"])
    assert suggest(app, casey, trigger_suggestions) == [("conflict", 1)]


def test_one_entry_suggests_its_coping_when_it_stayed_on_track(app, casey):
    log(app, casey, NOW - timedelta(hours=2), coping="Went for a walk", outcome="on_track")
    assert suggest(app, casey, coping_suggestions) == [("Went for a walk", 1)]


def test_one_hard_moment_is_no_pattern_of_the_week(app, casey):
    log(app, casey, NOW - timedelta(hours=2), triggers=["conflict"])
    assert len(times_of(app, casey)) == 1 and suggest(app, casey, time_suggestions) == []


# ---- Triggers ----

def test_other_clients_triggers_are_never_suggested(app, casey, people):
    log(app, casey, NOW - timedelta(hours=2), triggers=["lonely"])
    assert suggest(app, casey, trigger_suggestions) == [("lonely", 1)]
    assert ("payday", 3) in suggest(app, people["other_client"], trigger_suggestions)


def test_triggers_come_most_frequent_first_at_most_five(app, casey):
    for n, label in enumerate(["lonely", "tired", "stress", "conflict", "boredom", "pain"]):
        for hours in range(n + 1):
            log(app, casey, NOW - timedelta(hours=hours + 1, minutes=n), triggers=[label])
    assert suggest(app, casey, trigger_suggestions) == \
        [("pain", 6), ("boredom", 5), ("conflict", 4), ("stress", 3), ("tired", 2)]


@pytest.mark.parametrize(("days_ago", "suggested"), [(89, True), (91, False)])
def test_only_the_last_ninety_days_count(app, casey, days_ago, suggested):
    log(app, casey, NOW - timedelta(days=days_ago), triggers=["payday"])
    assert (suggest(app, casey, trigger_suggestions) == [("payday", 1)]) is suggested


def test_a_trigger_already_on_the_plan_is_not_suggested_whatever_its_case(app, casey):
    log(app, casey, NOW - timedelta(hours=1), triggers=["conflict", "lonely"])
    assert suggest(app, casey, trigger_suggestions, "Payday\n  CONFLICT \n") == [("lonely", 1)]


def test_a_built_in_trigger_is_suggested_in_the_readers_language(app, casey):
    log(app, casey, NOW - timedelta(hours=1), triggers=["lonely"])
    [(text, _)] = suggest(app, casey, trigger_suggestions, language="es")
    assert text != "lonely" and text == text.lower()


def test_a_trigger_the_client_typed_is_suggested_as_typed(app, casey):
    log(app, casey, NOW - timedelta(hours=1), triggers=["Night shift"])
    assert suggest(app, casey, trigger_suggestions, language="es") == [("Night shift", 1)]


# ---- Coping ----

def test_coping_counts_only_entries_that_stayed_on_track(app, casey):
    for hours, outcome in ((1, "on_track"), (2, "on_track"), (3, "slipped"), (4, None)):
        log(app, casey, NOW - timedelta(hours=hours), coping="Called Jo", outcome=outcome)
    log(app, casey, NOW - timedelta(hours=5), coping="Went for a walk", outcome="on_track")
    assert suggest(app, casey, coping_suggestions) == [("Called Jo", 2), ("Went for a walk", 1)]


def test_the_same_coping_in_another_case_or_spacing_counts_once(app, casey):
    for hours, words in ((1, "went for a walk"), (2, " Went for a walk "), (3, "WENT FOR A WALK")):
        log(app, casey, NOW - timedelta(hours=hours), coping=words, outcome="on_track")
    [(text, times)] = suggest(app, casey, coping_suggestions)
    assert times == 3 and text.casefold() == "went for a walk"


def test_empty_coping_is_never_suggested(app, casey):
    log(app, casey, NOW - timedelta(hours=1), coping="   ", outcome="on_track")
    assert suggest(app, casey, coping_suggestions) == []


def test_coping_already_on_the_plan_is_not_suggested(app, casey):
    log(app, casey, NOW - timedelta(hours=1), coping="Called Jo", outcome="on_track")
    log(app, casey, NOW - timedelta(hours=2), coping="Went for a walk", outcome="on_track")
    assert suggest(app, casey, coping_suggestions, ["called jo"]) == [("Went for a walk", 1)]


def test_other_clients_coping_is_never_suggested(app, casey, people):
    log(app, people["other_client"], NOW - timedelta(hours=1), coping="OLI-COPING", outcome="on_track")
    assert suggest(app, casey, coping_suggestions) == []


# ---- Hard times, in the client's own week ----

def test_a_hard_moment_is_a_trigger_a_high_craving_or_a_slip(app, casey):
    friday_evening = datetime(2026, 1, 9, 19, 0, tzinfo=timezone.utc)  # London: Friday 19:00
    log(app, casey, friday_evening, triggers=["stress"])
    log(app, casey, friday_evening - timedelta(days=7), craving=7)
    log(app, casey, friday_evening - timedelta(days=14), outcome="slipped")
    log(app, casey, friday_evening - timedelta(days=21), craving=6)  # not hard enough, and no trigger
    assert times_of(app, casey) == [(FRI, "evening", 3)]
    assert suggest(app, casey, time_suggestions) == [("Friday evenings", 3)]


@pytest.mark.parametrize(("zone", "utc_hour", "expected"), [
    # Friday 06:00 UTC is Friday 19:00 in Auckland (UTC+13 in January), Friday morning in London.
    ("Pacific/Auckland", 6, (FRI, "evening")),
    ("Europe/London", 6, (FRI, "morning")),
    # Saturday 05:00 UTC is Friday 19:00 in Honolulu (UTC-10).
    ("Pacific/Honolulu", 29, (FRI, "evening")),
    # Friday 11:00 UTC is Saturday 00:00 at Kiritimati (UTC+14): the small hours are Friday night.
    ("Pacific/Kiritimati", 11, (FRI, "night")),
])
def test_times_are_placed_in_the_clients_own_week(app, casey, zone, utc_hour, expected):
    set_zone(app, casey, zone)
    friday = datetime(2026, 1, 9, tzinfo=timezone.utc)
    for weeks in (0, 1):
        log(app, casey, friday - timedelta(weeks=weeks) + timedelta(hours=utc_hour), triggers=["tired"])
    assert times_of(app, casey) == [(*expected, 2)]


@pytest.mark.parametrize(("local_hour", "expected"), [
    (4, (THU, "night")), (5, (FRI, "morning")), (11, (FRI, "morning")), (12, (FRI, "afternoon")),
    (16, (FRI, "afternoon")), (17, (FRI, "evening")), (21, (FRI, "evening")), (22, (FRI, "night")),
])
def test_the_parts_of_the_day_begin_at_their_hour(app, casey, local_hour, expected):
    log(app, casey, datetime(2026, 1, 9, local_hour, 30, tzinfo=timezone.utc), triggers=["tired"])  # London = UTC
    assert times_of(app, casey) == [(*expected, 1)]


def test_summer_time_ending_keeps_the_same_evening(app, casey, time_machine):
    """London left summer time on Sunday 26 October 2025: 17:30 on the Fridays either side is
    16:30 UTC, then 17:30 UTC; both are Friday evenings (in UTC one would be an afternoon)."""
    time_machine.move_to(datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc), tick=True)
    log(app, casey, datetime(2025, 10, 24, 16, 30, tzinfo=timezone.utc), triggers=["payday"])
    log(app, casey, datetime(2025, 10, 31, 17, 30, tzinfo=timezone.utc), triggers=["payday"])
    assert times_of(app, casey) == [(FRI, "evening", 2)]


def test_the_most_frequent_times_come_first_at_most_three(app, casey):
    base = datetime(2026, 1, 5, tzinfo=timezone.utc)  # Monday, London = UTC in January
    plan = {(MON, 9): 2, (TUE, 14): 4, (WED, 19): 3, (SAT, 23): 2, (SUN, 19): 2}
    for (weekday, hour), times in plan.items():
        for week in range(times):
            log(app, casey, base + timedelta(days=weekday, hours=hour) - timedelta(weeks=week), triggers=["tired"])
    assert suggest(app, casey, time_suggestions) == \
        [("Tuesday afternoons", 4), ("Wednesday evenings", 3), ("Monday mornings", 2)]


def test_a_time_already_on_the_plan_is_not_suggested(app, casey):
    for weeks in (0, 1):
        log(app, casey, datetime(2026, 1, 9, 19, tzinfo=timezone.utc) - timedelta(weeks=weeks), triggers=["tired"])
    assert suggest(app, casey, time_suggestions, "friday EVENINGS") == []


def test_other_clients_hard_times_are_never_counted(app, casey, people):
    for hours in (1, 2, 3):
        log(app, people["other_client"], NOW - timedelta(hours=hours), craving=9)
    assert times_of(app, casey) == []


def test_the_weekday_is_named_in_the_readers_language(app):
    with app.test_request_context(), force_locale("es"):
        assert "viernes" in time_phrase(FRI, "night")


# ---- From looking back at a slip (analysis/): what could break the chain ----

def look_back(app, client_id, days_ago, break_chain):
    from datetime import date

    from recoverynet.analysis.models import Analysis
    with app.app_context():
        db.session.add(Analysis(client_id=client_id, looked_at=date(2026, 1, 15) - timedelta(days=days_ago),
                                break_chain=break_chain))
        db.session.commit()


def test_no_analysis_suggests_nothing_to_break_the_chain(app, casey):
    from recoverynet.prevention.suggestions import chain_breakers
    assert suggest(app, casey, chain_breakers) == []


def test_each_line_of_what_could_break_the_chain_is_offered_latest_first(app, casey):
    from recoverynet.prevention.suggestions import chain_breakers
    look_back(app, casey, 20, "Leave the party early\n\nCall Jo")
    look_back(app, casey, 2, "Eat before payday shopping\ncall jo")
    assert [text for text, _ in suggest(app, casey, chain_breakers)] == \
        ["Eat before payday shopping", "call jo", "Leave the party early"]


def test_what_the_plan_already_says_is_not_offered_to_break_the_chain(app, casey):
    from recoverynet.prevention.suggestions import chain_breakers
    look_back(app, casey, 2, "Call Jo\nLeave early")
    assert [text for text, _ in suggest(app, casey, chain_breakers, ["LEAVE EARLY"])] == ["Call Jo"]


def test_another_clients_analyses_are_never_offered(app, casey, people):
    from recoverynet.prevention.suggestions import chain_breakers
    look_back(app, people["other_client"], 2, "OLI-BREAK-THE-CHAIN")
    assert suggest(app, casey, chain_breakers) == []
