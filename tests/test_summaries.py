"""What a member's view is made of (network/summaries.py), function by function, with the clock
stopped and another client's data beside Casey's.

Casey lives in Auckland; the clock stops at 11:30 UTC on 31 March 2026, which is already 00:30
on 1 April there, so a summary that used UTC's date instead of hers would be a day out.
"""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.network import summaries
from recoverynet.network.summaries import DaySummary, SummaryEntry
from recoverynet.sobriety.milestones import Milestone

NOW = datetime(2026, 3, 31, 11, 30, tzinfo=timezone.utc)
TODAY = date(2026, 4, 1)  # in Auckland


@pytest.fixture(autouse=True)
def stopped_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


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


# ---- The month of entries every summary reads ----

def test_the_month_summarised_holds_only_this_clients_entries(casey, people):
    add_entry(people["other_client"], timedelta(hours=1), mood=1)
    add_entry(casey.id, timedelta(hours=2), mood=4)
    assert [entry.mood for entry in summaries.entries_to_summarise(casey)] == [4]


def test_the_month_summarised_begins_exactly_31_days_ago(casey):
    add_entry(casey.id, timedelta(days=31), mood=2)
    add_entry(casey.id, timedelta(days=31, seconds=1), mood=1)
    assert [entry.mood for entry in summaries.entries_to_summarise(casey)] == [2]


def test_the_month_summarised_is_newest_first_and_a_tie_goes_to_the_later_saved(casey):
    add_entry(casey.id, timedelta(days=2), mood=1)
    add_entry(casey.id, timedelta(hours=5), mood=2)
    add_entry(casey.id, timedelta(hours=5), mood=3)
    add_entry(casey.id, timedelta(days=1), mood=4)
    assert [entry.mood for entry in summaries.entries_to_summarise(casey)] == [3, 2, 4, 1]


def test_each_summarised_entry_carries_its_own_values_and_sorted_triggers(casey):
    add_entry(casey.id, timedelta(hours=3), mood=2, craving=4, labels=("tired", "alone"), situation="Work party",
              coping="Went home", outcome="resisted")
    [entry] = summaries.entries_to_summarise(casey)
    assert entry == SummaryEntry(logged_at=NOW - timedelta(hours=3), mood=2, craving=4, situation="Work party",
                                 coping="Went home", outcome="resisted", trigger_labels=["alone", "tired"])


# ---- Mood and craving per day ----

def test_the_mood_summary_is_the_last_fourteen_local_days_oldest_first(casey):
    days = summaries.mood_summary(casey, [])
    assert [day.day for day in days] == [TODAY - timedelta(days=n) for n in range(13, -1, -1)]
    assert all(day.mood is None and day.craving is None for day in days)


def test_the_mood_summary_averages_each_day_to_one_decimal_and_skips_missing_cravings(casey):
    add_entry(casey.id, timedelta(minutes=10), mood=2, craving=1)  # today began 30 minutes ago
    add_entry(casey.id, timedelta(minutes=20), mood=3, craving=None)
    add_entry(casey.id, timedelta(minutes=25), mood=3, craving=2)
    add_entry(casey.id, timedelta(days=2), mood=5, craving=None)
    days = summaries.mood_summary(casey, summaries.entries_to_summarise(casey))
    assert days[-1] == DaySummary(TODAY, 2.7, 1.5)
    assert days[-3] == DaySummary(TODAY - timedelta(days=2), 5.0, None)
    assert days[-2] == DaySummary(TODAY - timedelta(days=1), None, None)


def test_the_mood_summary_can_cover_another_number_of_days(casey):
    assert [day.day for day in summaries.mood_summary(casey, [], days=2)] == [TODAY - timedelta(days=1), TODAY]


# ---- Triggers ----

def test_recent_triggers_read_entries_of_the_last_30_days_only(casey):
    month = [summary_entry(timedelta(days=30), labels=["tired"]),
             summary_entry(timedelta(days=30, seconds=1), labels=["stress"])]
    recent, common = summaries.recent_triggers(month)
    assert recent == month[:1] and common == [("tired", 1)]


def test_recent_triggers_list_only_entries_with_a_trigger_a_situation_or_a_way_of_coping(casey):
    month = [summary_entry(timedelta(hours=1)), summary_entry(timedelta(hours=2), labels=["tired"]),
             summary_entry(timedelta(hours=3), situation="Pub"), summary_entry(timedelta(hours=4), coping="Walk")]
    recent, _ = summaries.recent_triggers(month)
    assert recent == month[1:]


def test_recent_triggers_list_the_ten_newest_by_default(casey):
    month = [summary_entry(timedelta(hours=n), situation=f"Moment {n}") for n in range(12)]
    assert summaries.recent_triggers(month)[0] == month[:10]
    assert summaries.recent_triggers(month, limit=3)[0] == month[:3]


def test_recent_triggers_count_the_five_most_common(casey):
    counts = {"tired": 6, "stress": 5, "alone": 4, "payday": 3, "party": 2, "bored": 1}
    month = [summary_entry(timedelta(hours=n), labels=[label for label, times in counts.items() if times > n])
             for n in range(6)]
    assert summaries.recent_triggers(month)[1] == list(counts.items())[:5]


# ---- Check-ins and meetings ----

def test_checkins_are_this_clients_entries_of_the_last_28_days(casey, people):
    add_entry(casey.id, timedelta(days=28))
    add_entry(casey.id, timedelta(hours=1))
    add_entry(casey.id, timedelta(days=28, seconds=1))
    add_entry(people["other_client"], timedelta(hours=1))
    assert summaries.checkin_summary(casey)["checkins_4_weeks"] == 2


def test_meetings_are_this_clients_of_the_last_28_local_days(casey, people):
    add_meeting(casey.id, TODAY - timedelta(days=28))
    add_meeting(casey.id, TODAY)
    add_meeting(casey.id, TODAY - timedelta(days=29))  # 28 days before UTC's date: counted only by mistake
    add_meeting(people["other_client"], TODAY)
    assert summaries.checkin_summary(casey) == {"checkins_4_weeks": 0, "meetings_4_weeks": 2}
