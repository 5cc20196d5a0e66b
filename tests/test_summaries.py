"""What a member's view is made of (network/summaries.py), function by function, with the clock
stopped and another client's data beside Casey's.

Casey lives in Auckland; the clock stops at 11:30 UTC on 31 March 2026, which is already 00:30
on 1 April there, so a summary that used UTC's date instead of hers would be a day out.
"""
import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.counts import trigger_counts
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.network import summaries
from recoverynet.network.summaries import DaySummary, SummaryEntry
from recoverynet.sobriety.milestones import Milestone
from recoverynet.timeutil import epoch_seconds
from tests.helpers import counted_queries

NOW = datetime(2026, 3, 31, 11, 30, tzinfo=timezone.utc)
TODAY = date(2026, 4, 1)  # in Auckland


@pytest.fixture(autouse=True)
def stopped_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def statement_built_here():
    """Each test builds the month's statement itself: one cached by an earlier test (or by the
    process a mutation run forks from) would hide a fault in building it."""
    summaries._month_statement.cache_clear()


@pytest.fixture
def casey(app, people):
    """Casey, in Auckland, as the summaries read her (inside an app context)."""
    with app.app_context():
        user = db.session.get(User, people["client"])
        user.timezone = "Pacific/Auckland"
        db.session.commit()
        yield user


def add_entry(user_id: int, ago: timedelta, mood=3, craving=None, labels=(), **fields) -> Entry:
    entry = Entry(user_id=user_id, device_id=str(uuid.uuid4()), mood=mood, craving=craving, logged_at=NOW - ago,
                  **fields)
    entry.triggers = [EntryTrigger(label=label) for label in labels]
    db.session.add(entry)
    db.session.commit()
    return entry


def add_meeting(client_id: int, on: date) -> None:
    db.session.add(Meeting(client_id=client_id, attended_on=on, kind="online"))
    db.session.commit()


def summary_entry(ago: timedelta, labels=(), situation="", coping="", mood=3) -> SummaryEntry:
    return SummaryEntry(logged_at=NOW - ago, mood=mood, craving=None, situation=situation, coping=coping,
                        outcome=None, trigger_labels=list(labels))


# ---- Sober days ----

def test_the_sober_summary_counts_on_the_clients_own_date(casey):
    casey.sober_since = date(2026, 3, 25)
    assert summaries.sober_summary(casey) == {
        "days": 7, "last": Milestone("7 days", TODAY), "next": Milestone("14 days", date(2026, 4, 8)), "today": TODAY}


def test_without_a_sober_date_the_summary_has_no_count_and_no_milestones(casey):
    casey.sober_since = None
    assert summaries.sober_summary(casey) == {"days": None, "last": None, "next": None, "today": TODAY}


# ---- The month, in one statement (month_summary) ----

def mood_days(casey) -> list[DaySummary]:
    return summaries.month_summary(casey, {"mood_summary"})["mood_summary"]


def trigger_details(casey) -> tuple[list[SummaryEntry], list[tuple[str, int]]]:
    return summaries.month_summary(casey, {"trigger_details"})["trigger_details"]


def test_the_month_summarised_holds_only_this_clients_entries(casey, people):
    add_entry(people["other_client"], timedelta(hours=1), mood=1, situation="Pub", labels=("stress",))
    add_entry(casey.id, timedelta(hours=2), mood=4, situation="Work")
    assert [entry.mood for entry in trigger_details(casey)[0]] == [4] and trigger_details(casey)[1] == []
    assert [day.mood for day in mood_days(casey) if day.mood] == [4.0]


def test_only_what_is_granted_is_summarised(casey):
    add_entry(casey.id, timedelta(hours=2), mood=4, situation="Work")
    assert summaries.month_summary(casey, set()) == {}
    assert set(summaries.month_summary(casey, {"checkins"})) == {"checkins"}


def test_the_recent_entries_are_newest_first_and_a_tie_goes_to_the_later_saved(casey):
    add_entry(casey.id, timedelta(days=2), mood=1, situation="Work")
    add_entry(casey.id, timedelta(hours=5), mood=2, situation="Work")
    add_entry(casey.id, timedelta(hours=5), mood=3, situation="Work")
    add_entry(casey.id, timedelta(days=1), mood=4, situation="Work")
    assert [entry.mood for entry in trigger_details(casey)[0]] == [3, 2, 4, 1]


def test_each_recent_entry_carries_its_own_values_and_sorted_triggers(casey):
    add_entry(casey.id, timedelta(hours=3), mood=2, craving=4, labels=("tired", "alone"), situation="Work party",
              coping="Went home", outcome="resisted")
    [entry], _ = trigger_details(casey)
    assert entry == SummaryEntry(logged_at=NOW - timedelta(hours=3), mood=2, craving=4, situation="Work party",
                                 coping="Went home", outcome="resisted", trigger_labels=["alone", "tired"])


# ---- Mood and craving per day ----

def test_the_mood_summary_is_the_last_fourteen_local_days_oldest_first(casey):
    days = mood_days(casey)
    assert [day.day for day in days] == [TODAY - timedelta(days=n) for n in range(13, -1, -1)]
    assert all(day.mood is None and day.craving is None for day in days)


def test_the_mood_summary_averages_each_day_to_one_decimal_and_skips_missing_cravings(casey):
    add_entry(casey.id, timedelta(minutes=10), mood=2, craving=1)  # today began 30 minutes ago
    add_entry(casey.id, timedelta(minutes=20), mood=3, craving=None)
    add_entry(casey.id, timedelta(minutes=25), mood=3, craving=2)
    add_entry(casey.id, timedelta(days=2), mood=5, craving=None)
    days = mood_days(casey)
    assert days[-1] == DaySummary(TODAY, 2.7, 1.5)
    assert days[-3] == DaySummary(TODAY - timedelta(days=2), 5.0, None)
    assert days[-2] == DaySummary(TODAY - timedelta(days=1), None, None)


def test_the_mood_summary_begins_at_local_midnight_fourteen_days_back(casey):
    add_entry(casey.id, timedelta(days=13, minutes=30), mood=2)  # 00:00 on 19 March in Auckland
    add_entry(casey.id, timedelta(days=13, minutes=31), mood=1)  # 23:59 on 18 March
    assert mood_days(casey)[0] == DaySummary(TODAY - timedelta(days=13), 2.0, None)
    assert [day.mood for day in mood_days(casey) if day.mood] == [2.0]


# ---- Triggers ----

def test_recent_triggers_read_entries_of_the_last_30_days_only(casey):
    add_entry(casey.id, timedelta(days=30), labels=["tired"])
    add_entry(casey.id, timedelta(days=30, seconds=1), labels=["stress"])
    recent, common = trigger_details(casey)
    assert [entry.trigger_labels for entry in recent] == [["tired"]] and common == [("tired", 1)]


def test_recent_triggers_list_only_entries_with_a_trigger_a_situation_or_a_way_of_coping(casey):
    add_entry(casey.id, timedelta(hours=1), mood=1)
    add_entry(casey.id, timedelta(hours=2), mood=2, labels=["tired"])
    add_entry(casey.id, timedelta(hours=3), mood=3, situation="Pub")
    add_entry(casey.id, timedelta(hours=4), mood=4, coping="Walk")
    recent, _ = trigger_details(casey)
    assert [entry.mood for entry in recent] == [2, 3, 4]


def test_recent_triggers_list_the_ten_newest(casey):
    for n in range(12):
        add_entry(casey.id, timedelta(hours=n), situation=f"Moment {n}")
    assert [entry.situation for entry in trigger_details(casey)[0]] == [f"Moment {n}" for n in range(10)]


def test_recent_triggers_count_the_five_most_common(casey):
    counts = {"tired": 6, "stress": 5, "alone": 4, "payday": 3, "party": 2, "bored": 1}
    for n in range(6):
        add_entry(casey.id, timedelta(hours=n), labels=[label for label, times in counts.items() if times > n])
    assert trigger_details(casey)[1] == list(counts.items())[:5]


def test_equally_common_triggers_go_to_the_one_used_last_then_in_label_order(casey):
    add_entry(casey.id, timedelta(hours=3), labels=["alone", "tired"])
    add_entry(casey.id, timedelta(hours=1), labels=["stress"])
    assert trigger_details(casey)[1] == [("stress", 1), ("alone", 1), ("tired", 1)]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_every_order_a_member_sees_is_said_in_the_statement(dialect):
    """The ties above come out right on SQLite whatever the statement says (its index gives the
    later first); PostgreSQL promises no order among equals, so each tie-break must be written."""
    from sqlalchemy.dialects import postgresql, sqlite
    engine_dialect = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect]
    statement = summaries._build_month_statement(dialect, frozenset({"trigger_details"}))
    sql = " ".join(str(statement.compile(dialect=engine_dialect)).split())
    assert re.search(r"ORDER BY n DESC, latest DESC, (entry_trigger|anon_\d+)\.label LIMIT", sql), sql
    assert "count(*) AS n," in sql and "AS latest" in sql  # the names the counts are read back by
    assert "ORDER BY entry.logged_at DESC, entry.id DESC LIMIT" in sql
    assert sql.endswith("ORDER BY anon_2.logged_at DESC, anon_2.id DESC")


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_postgresql_counts_the_windows_triggers_entry_by_entry(dialect):
    """On PostgreSQL a join hashed every client's triggers (log/counts.py); the statement made for
    it reads the window's entries one by one. SQLite's planner needs no such help."""
    from sqlalchemy.dialects import postgresql, sqlite
    engine_dialect = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect]
    statement = summaries._build_month_statement(dialect, frozenset({"trigger_details"}))
    assert ("LATERAL" in str(statement.compile(dialect=engine_dialect))) == (dialect == "postgresql")


TRIGGER_COUNTS_SQL = {
    "sqlite": ("SELECT entry_trigger.label, count(*) AS n, max(entry_1.logged_at) AS latest FROM entry_trigger "
               "JOIN entry AS entry_1 ON entry_trigger.entry_id = entry_1.id WHERE entry_1.user_id = ? AND "
               "entry_1.logged_at >= ? GROUP BY entry_trigger.label"),
    "postgresql": ("SELECT anon_1.label, count(*) AS n, max(entry_1.logged_at) AS latest FROM entry AS entry_1 "
                   "JOIN LATERAL (SELECT entry_trigger.label AS label FROM entry_trigger WHERE "
                   "entry_trigger.entry_id = entry_1.id LIMIT ALL OFFSET %(param_1)s::INTEGER) AS anon_1 ON true "
                   "WHERE entry_1.user_id = %(user_id_1)s::INTEGER AND entry_1.logged_at >= "
                   "%(logged_at_1)s::TIMESTAMP WITH TIME ZONE GROUP BY anon_1.label"),
}


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_trigger_counts_reads_one_clients_window_and_each_of_its_entries_triggers(dialect):
    """Word for word, as each database gets it: the PostgreSQL form is never run by the SQLite suite
    (nor by mutation testing), so a lost join condition or an OFFSET of 1 there (each entry's first
    trigger skipped) would pass every other test run here."""
    from sqlalchemy.dialects import postgresql, sqlite
    engine_dialect = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect]
    compiled = trigger_counts(5, "2026-01-01", dialect).compile(dialect=engine_dialect)
    assert " ".join(str(compiled).split()) == TRIGGER_COUNTS_SQL[dialect]
    offset = {"param_1": 0} if dialect == "postgresql" else {}
    assert compiled.params == {"user_id_1": 5, "logged_at_1": "2026-01-01", **offset}


# ---- Check-ins and meetings ----

def test_without_checkins_the_months_row_reads_only_the_fourteen_days_shown(app, casey):
    """The row's range of the index begins where the mood chart does, not four weeks back (the
    check-ins' range): the same sums either way, twice the entries read for nothing."""
    with counted_queries(app, with_parameters=True) as statements:
        summaries.month_summary(casey, {"mood_summary"})
    [parameters] = [parameters for sql, parameters in statements if "mood_sum_0" in sql]
    # By name on PostgreSQL; on SQLite the row's own bound comes last (its WHERE closes the statement).
    since = parameters["since"] if isinstance(parameters, dict) else parameters[-1]
    assert since == epoch_seconds(summaries.day_starts(casey)[0])


def test_checkins_are_this_clients_entries_of_the_last_28_days(casey, people):
    add_entry(casey.id, timedelta(days=28))
    add_entry(casey.id, timedelta(hours=1))
    add_entry(casey.id, timedelta(days=28, seconds=1))
    add_entry(people["other_client"], timedelta(hours=1))
    assert summaries.month_summary(casey, {"checkins"})["checkins"]["checkins_4_weeks"] == 2


def test_meetings_are_this_clients_of_the_last_28_local_days(casey, people):
    add_meeting(casey.id, TODAY - timedelta(days=28))
    add_meeting(casey.id, TODAY)
    add_meeting(casey.id, TODAY - timedelta(days=29))  # 28 days before UTC's date: counted only by mistake
    add_meeting(people["other_client"], TODAY)
    assert summaries.month_summary(casey, {"checkins"})["checkins"] == {"checkins_4_weeks": 0, "meetings_4_weeks": 2}


# ---- Days across a change of the clocks ----

@pytest.fixture
def sam(app, people, time_machine):
    """Casey as Sam in Los Angeles, the morning after the clocks went forward (08:00 UTC on
    8 March 2026): 8 March had 23 hours there."""
    time_machine.move_to(datetime(2026, 3, 9, 12, 0, tzinfo=timezone.utc), tick=False)
    with app.app_context():
        user = db.session.get(User, people["client"])
        user.timezone = "America/Los_Angeles"
        db.session.commit()
        yield user


def test_each_day_begins_at_local_midnight_and_the_last_moment_is_when_tomorrow_begins(sam):
    assert summaries.day_starts(sam, days=2) == [datetime(2026, 3, 8, 8, tzinfo=timezone.utc),  # midnight PST
                                                 datetime(2026, 3, 9, 7, tzinfo=timezone.utc),  # midnight PDT
                                                 datetime(2026, 3, 10, 7, tzinfo=timezone.utc)]


def test_the_day_the_clocks_go_forward_holds_its_23_hours_of_moods(sam):
    def add_at(moment: datetime, mood: int) -> None:
        add_entry(sam.id, NOW - moment, mood=mood)  # add_entry counts back from NOW, not the moved clock
    add_at(datetime(2026, 3, 8, 7, 59, tzinfo=timezone.utc), mood=1)  # 23:59 on 7 March
    add_at(datetime(2026, 3, 8, 8, 0, tzinfo=timezone.utc), mood=2)  # 00:00 on 8 March
    add_at(datetime(2026, 3, 9, 6, 59, tzinfo=timezone.utc), mood=4)  # 23:59 on 8 March
    add_at(datetime(2026, 3, 9, 7, 0, tzinfo=timezone.utc), mood=5)  # 00:00 on 9 March
    *_, seventh, eighth, ninth = mood_days(sam)
    assert [seventh, eighth, ninth] == [DaySummary(date(2026, 3, 7), 1.0, None),
                                        DaySummary(date(2026, 3, 8), 3.0, None),
                                        DaySummary(date(2026, 3, 9), 5.0, None)]
