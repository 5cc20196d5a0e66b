"""Days belong to the person's own zone, far from UTC on both sides, at any hour and season the
suite runs: the clock is frozen (time-machine) around local midnight and across daylight saving.

Casey lives in Auckland (UTC+13 until the clocks go back on 5 April 2026 at 03:00, then +12);
Oli in Los Angeles (UTC-7 until the clocks go back on 1 November 2026 at 02:00, then -8)."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.meetings.models import Meeting
from recoverynet.network import summaries
from recoverynet.reminders.models import Reminder
from recoverynet.rewards.models import Reward
from recoverynet.rewards.unlock import progress
from tests.network_world import add_member, sign_in_as

AUCKLAND, LOS_ANGELES = "Pacific/Auckland", "America/Los_Angeles"
EMAILS = {AUCKLAND: "casey@example.org", LOS_ANGELES: "oli@example.org"}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture
def zones(app, people):
    """Casey in Auckland, Oli in Los Angeles: {zone: user id}."""
    with app.app_context():
        ids = {AUCKLAND: people["client"], LOS_ANGELES: people["other_client"]}
        for zone_name, user_id in ids.items():
            db.session.get(User, user_id).timezone = zone_name
        db.session.commit()
        return ids


@pytest.fixture
def clock(time_machine):
    """Stops the clock at a UTC moment: clock("2026-03-31T10:59")."""
    return lambda text: time_machine.move_to(utc(text), tick=False)


def set_sober_since(app, user_id, since: date | None):
    with app.app_context():
        db.session.get(User, user_id).sober_since = since
        db.session.commit()


def home(client, zone_name) -> str:
    sign_in_as(client, EMAILS[zone_name])
    return client.get("/").get_data(as_text=True)


def count_on(body: str) -> str:
    return body.split('<span class="big-number">')[1].split("</span>")[0]


# ---- The sober-day count and milestones ----

@pytest.mark.parametrize(("zone_name", "last_minute", "midnight", "days_before"), [
    (AUCKLAND, "2026-03-31T10:59", "2026-03-31T11:00", 11),      # 23:59 and 00:00 NZDT, 1 April
    (LOS_ANGELES, "2026-03-31T06:59", "2026-03-31T07:00", 10),   # 23:59 and 00:00 PDT, 31 March
])
def test_the_sober_count_turns_at_local_midnight(app, client, zones, clock, zone_name, last_minute, midnight,
                                                 days_before):
    set_sober_since(app, zones[zone_name], date(2026, 3, 20))
    clock(last_minute)
    assert count_on(home(client, zone_name)) == str(days_before)
    clock(midnight)
    assert count_on(home(client, zone_name)) == str(days_before + 1)


@pytest.mark.parametrize(("zone_name", "since", "last_minute", "midnight"), [
    # Auckland's clocks go back on 5 April 2026: that day has 25 hours.
    (AUCKLAND, date(2026, 3, 29), "2026-04-04T10:59", "2026-04-04T11:00"),
    # Los Angeles' clocks go back on 1 November 2026.
    (LOS_ANGELES, date(2026, 10, 25), "2026-11-01T06:59", "2026-11-01T07:00"),
])
def test_a_milestone_is_reached_at_local_midnight_on_the_day_the_clocks_go_back(app, client, zones, clock, zone_name,
                                                                                since, last_minute, midnight):
    set_sober_since(app, zones[zone_name], since)
    clock(last_minute)
    body = home(client, zone_name)
    assert count_on(body) == "6" and "Next milestone: <strong>7 days</strong>,\n      tomorrow" in body
    clock(midnight)
    body = home(client, zone_name)
    assert count_on(body) == "7" and "7 days reached" in body and "<strong>14 days</strong>" in body
    # Still day 7 at the last minute of that long day (one hour later than on an ordinary day).
    clock((utc(midnight) + timedelta(hours=24, minutes=59)).isoformat()[:16])
    assert count_on(home(client, zone_name)) == "7"


# ---- Rewards that unlock on a day count ----

def pledged(app, client_id, giver_id, target) -> int:
    with app.app_context():
        reward = Reward(client_id=client_id, giver_id=giver_id, title="Cinema", milestone_kind="sober_days",
                        milestone_target=target)
        db.session.add(reward)
        db.session.commit()
        return reward.id


def status_of(app, reward_id) -> str:
    with app.app_context():
        return db.session.get(Reward, reward_id).status


@pytest.mark.parametrize(("zone_name", "last_minute", "midnight", "target"), [
    (AUCKLAND, "2026-03-31T10:59", "2026-03-31T11:00", 12),
    (LOS_ANGELES, "2026-03-31T06:59", "2026-03-31T07:00", 11),
])
def test_a_day_count_pledge_unlocks_at_the_clients_local_midnight(app, runner, zones, clock, zone_name, last_minute,
                                                                  midnight, target):
    giver, _ = add_member(app, zones[zone_name], "mia@example.org", "Mia", scopes=["sober_days"])
    set_sober_since(app, zones[zone_name], date(2026, 3, 20))
    clock(last_minute)
    reward_id = pledged(app, zones[zone_name], giver, target)
    runner.invoke(args=["rewards", "unlock"])
    assert status_of(app, reward_id) == "pledged"
    clock(midnight)
    runner.invoke(args=["rewards", "unlock"])
    assert status_of(app, reward_id) == "unlocked"


def test_a_one_day_pledge_waits_until_day_one(app, runner, zones, clock):
    giver, _ = add_member(app, zones[AUCKLAND], "mia@example.org", "Mia", scopes=["sober_days"])
    clock("2026-03-31T11:00")  # the first minute of 1 April in Auckland: day 0
    set_sober_since(app, zones[AUCKLAND], date(2026, 4, 1))
    reward_id = pledged(app, zones[AUCKLAND], giver, 1)
    with app.app_context():
        assert progress(db.session.get(Reward, reward_id), db.session.get(User, zones[AUCKLAND])) == 0
    runner.invoke(args=["rewards", "unlock"])
    assert status_of(app, reward_id) == "pledged"
    clock("2026-04-01T10:59")
    runner.invoke(args=["rewards", "unlock"])
    assert status_of(app, reward_id) == "pledged"
    clock("2026-04-01T11:00")
    runner.invoke(args=["rewards", "unlock"])
    assert status_of(app, reward_id) == "unlocked"


def test_a_pledge_with_no_sober_date_has_no_progress(app, zones, clock):
    giver, _ = add_member(app, zones[AUCKLAND], "mia@example.org", "Mia", scopes=["sober_days"])
    clock("2026-03-31T11:00")
    reward_id = pledged(app, zones[AUCKLAND], giver, 1)
    with app.app_context():
        assert progress(db.session.get(Reward, reward_id), db.session.get(User, zones[AUCKLAND])) == 0


# ---- Meetings, per local day ----

def test_a_meeting_today_in_auckland_is_accepted_while_it_is_still_yesterday_in_utc(app, client, zones, clock):
    clock("2026-03-31T11:30")  # 00:30 on 1 April in Auckland
    sign_in_as(client, EMAILS[AUCKLAND])
    assert client.post("/meetings", data={"attended_on": "2026-04-01", "kind": "na"}).status_code == 303


def test_a_meeting_tomorrow_in_los_angeles_is_refused_though_it_is_today_in_utc(app, client, zones, clock):
    clock("2026-03-31T06:30")  # 23:30 on 30 March in Los Angeles
    sign_in_as(client, EMAILS[LOS_ANGELES])
    response = client.post("/meetings", data={"attended_on": "2026-03-31", "kind": "na"})
    assert response.status_code == 422 and "That date is in the future" in response.get_data(as_text=True)


def test_a_meetings_pledge_counts_from_the_clients_local_day_of_the_pledge(app, zones, clock):
    casey = zones[AUCKLAND]
    giver, _ = add_member(app, casey, "mia@example.org", "Mia", scopes=["checkins"])
    clock("2026-03-31T11:30")  # pledged at 00:30 on 1 April in Auckland (still 31 March in UTC)
    with app.app_context():
        reward = Reward(client_id=casey, giver_id=giver, title="Cinema", milestone_kind="meetings", milestone_target=5)
        db.session.add_all([reward, Meeting(client_id=casey, attended_on=date(2026, 3, 31), kind="na"),
                            Meeting(client_id=casey, attended_on=date(2026, 4, 1), kind="na")])
        db.session.commit()
        assert progress(reward, db.session.get(User, casey)) == 1


# ---- What a member sees: the 14-day mood summary ----

def entry_at(user_id, moment: str, mood: int) -> Entry:
    return Entry(user_id=user_id, device_id=str(uuid.uuid4()), mood=mood, craving=mood, logged_at=utc(moment))


@pytest.mark.parametrize(("zone_name", "now", "entries", "days"), [
    # 23:30 on 31 March and 00:30 on 1 April in Auckland.
    (AUCKLAND, "2026-04-01T00:00", [("2026-03-31T10:30", 1), ("2026-03-31T11:30", 5)],
     {date(2026, 3, 31): 1, date(2026, 4, 1): 5}),
    # 00:30 and 23:30 on 5 April, the 25-hour day in Auckland, are one day; 00:30 on 6 April is the next.
    (AUCKLAND, "2026-04-05T13:00", [("2026-04-04T11:30", 1), ("2026-04-05T11:30", 3), ("2026-04-05T12:30", 5)],
     {date(2026, 4, 5): 2, date(2026, 4, 6): 5}),
    # 23:30 on 30 March and 00:30 on 31 March in Los Angeles.
    (LOS_ANGELES, "2026-03-31T20:00", [("2026-03-31T06:30", 1), ("2026-03-31T07:30", 5)],
     {date(2026, 3, 30): 1, date(2026, 3, 31): 5}),
])
def test_the_mood_summary_groups_entries_by_the_clients_local_day(app, zones, clock, zone_name, now, entries, days):
    clock(now)
    with app.app_context():
        db.session.add_all(entry_at(zones[zone_name], moment, mood) for moment, mood in entries)
        db.session.commit()
        client = db.session.get(User, zones[zone_name])
        summary = summaries.month_summary(client, {"mood_summary"})["mood_summary"]
    assert len(summary) == 14 and summary[-1].day == max(days)
    assert {day.day: day.mood for day in summary if day.mood is not None} == days


def test_the_member_view_shows_the_clients_local_days(app, client, zones, clock):
    add_member(app, zones[AUCKLAND], "mia@example.org", "Mia", scopes=["mood_summary", "sober_days"])
    set_sober_since(app, zones[AUCKLAND], date(2026, 3, 20))
    clock("2026-03-31T11:30")  # 00:30 on 1 April in Auckland; Mia's own zone is London (31 March)
    with app.app_context():
        db.session.add(entry_at(zones[AUCKLAND], "2026-03-31T11:10", 4))
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/support/{zones[AUCKLAND]}").get_data(as_text=True)
    assert '<span class="big-number">12</span> days' in body and "on 3 April" in body  # 14 days on 3 April
    rows = body.split("<tbody>")[1]
    assert rows.startswith('<tr><th scope="row">Wed 1 Apr</th><td>4.0</td>')
    assert "Thu 19 Mar" in rows and "Wed 18 Mar" not in rows


# ---- Reminders: the next time due ----

@pytest.mark.parametrize(("zone_name", "now", "due"), [
    (AUCKLAND, "2026-04-04T06:00", "2026-04-04T07:00"),   # 19:00 NZDT: 20:00 today, still +13
    (AUCKLAND, "2026-04-04T08:00", "2026-04-05T08:00"),   # 21:00 NZDT: 20:00 tomorrow, after the change, +12
    (LOS_ANGELES, "2026-11-01T02:00", "2026-11-01T03:00"),  # 19:00 PDT on 31 October: 20:00 today
    (LOS_ANGELES, "2026-11-01T04:00", "2026-11-02T04:00"),  # 21:00 PDT: 20:00 on 1 November, PST
])
def test_a_new_reminders_next_time_is_the_local_time_in_the_persons_zone(app, client, zones, clock, zone_name,
                                                                        now, due):
    clock(now)
    sign_in_as(client, EMAILS[zone_name])
    assert client.post("/reminders", data={"kind": "checkin", "time_1": "20:00"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Reminder.next_due_at)) == utc(due)


# ---- The log: each entry on its local day ----

@pytest.mark.parametrize(("zone_name", "moment", "shown"), [
    (AUCKLAND, "2026-03-31T11:30", "Wed 1 Apr · 00:30"),
    (LOS_ANGELES, "2026-03-31T06:30", "Mon 30 Mar · 23:30"),
    (AUCKLAND, "2026-04-05T11:30", "Sun 5 Apr · 23:30"),   # after the clocks went back
])
def test_the_log_shows_each_entry_on_the_clients_local_day(app, client, zones, clock, zone_name, moment, shown):
    clock("2026-04-06T00:00")
    with app.app_context():
        db.session.add(entry_at(zones[zone_name], moment, 3))
        db.session.commit()
    sign_in_as(client, EMAILS[zone_name])
    assert shown in client.get("/log").get_data(as_text=True)


# ---- The time an entry was logged ----

def logged_at(app) -> datetime:
    with app.app_context():
        return db.session.scalar(select(Entry.logged_at))


@pytest.mark.parametrize(("zone_name", "wall_time", "moment"), [
    (AUCKLAND, "2026-04-01T00:00", "2026-03-31T11:00"),
    (LOS_ANGELES, "2026-03-31T04:00", "2026-03-31T11:00"),
])
def test_now_typed_in_the_form_is_not_refused_as_the_future(app, client, zones, clock, zone_name, wall_time, moment):
    clock("2026-03-31T11:00:40")  # the form has minutes only: "now" is up to 59 seconds ago
    sign_in_as(client, EMAILS[zone_name])
    response = client.post("/log", data={"mood": "3", "logged_at": wall_time})
    assert response.status_code == 303
    assert logged_at(app) == utc(moment)


def test_a_time_a_few_minutes_ahead_is_taken_but_later_is_refused(app, client, zones, clock):
    clock("2026-03-31T11:00")
    sign_in_as(client, EMAILS[AUCKLAND])
    assert client.post("/log", data={"mood": "3", "logged_at": "2026-04-01T00:04"}).status_code == 303
    response = client.post("/log", data={"mood": "3", "logged_at": "2026-04-01T00:06"})
    assert response.status_code == 422 and "That time is in the future" in response.get_data(as_text=True)


@pytest.mark.parametrize("sent", ["2026-03-31T21:00:40+13:00", "2026-03-31T01:00:40-07:00"])
def test_an_offline_entry_from_three_hours_ago_keeps_the_time_it_was_logged(app, client, zones, clock, sent):
    clock("2026-03-31T11:00:40")
    sign_in_as(client, EMAILS[AUCKLAND])
    response = client.post("/log", data={"mood": "3", "device_id": str(uuid.uuid4()), "logged_at": sent},
                           headers={"Accept": "application/json"})
    assert response.status_code == 201
    assert logged_at(app) == utc("2026-03-31T08:00:40")
