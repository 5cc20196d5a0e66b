"""The caseload's flags (recoverynet/flags/), each boundary written out: the client's local days
(Auckland, far from UTC, and London across a daylight-saving change), exactly 48 hours and a
minute more, the seventh day back and the eighth, a client with no data. `now` is passed in, so
the answers don't depend on when the suite runs."""
import uuid
from datetime import date, datetime, time, timedelta, timezone

import pytest
from flask_babel import force_locale

from recoverynet.auth.models import User
from recoverynet.checkins.models import ActionItem, Checkin, CheckinPlan
from recoverynet.crisis.models import CrisisAlert
from recoverynet.extensions import db
from recoverynet.flags import facts_for, flags_for
from recoverynet.log.models import Entry
from recoverynet.measures.models import Questionnaire
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import utc_moment
from tests.helpers import counted_queries, make_user
from tests.pseudo_locale import PSEUDO, untranslated_text, write_pseudo_catalog

# Thursday 15 January 2026, 20:00 UTC: Friday 16 January, 09:00 in Auckland (UTC+13).
NOW = datetime(2026, 1, 15, 20, 0, tzinfo=timezone.utc)
AUCKLAND_TODAY = date(2026, 1, 16)


@pytest.fixture
def casey(app, people):
    """Casey, in Auckland."""
    with app.app_context():
        db.session.get(User, people["client"]).timezone = "Pacific/Auckland"
        db.session.commit()
    return people["client"]


def add_entries(app, user_id, *entries):
    """Entries (logged_at, mood, craving) for one person."""
    with app.app_context():
        db.session.add_all(Entry(user_id=user_id, device_id=str(uuid.uuid4()), logged_at=at, mood=mood,
                                 craving=craving) for at, mood, craving in entries)
        db.session.commit()


def add(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def kinds(app, user_id, now=NOW) -> list[str]:
    with app.test_request_context():
        return [flag.kind for flag in flags_for([db.session.get(User, user_id)], now=now)[user_id]]


def auckland(day: date, hour: int, minute: int = 0) -> datetime:
    return utc_moment(day, time(hour, minute), "Pacific/Auckland")


def test_a_client_with_no_data_has_no_flags(app, casey):
    with app.test_request_context():
        facts = facts_for([db.session.get(User, casey)], now=NOW)[casey]
    assert facts.flags == [] and facts.last_entry_at is None and facts.last_checkin_on is None


def test_craving_8_twice_exactly_48_hours_apart_is_a_flag(app, casey):
    add_entries(app, casey, (NOW - timedelta(hours=50), 3, 8), (NOW - timedelta(hours=2), 3, 9))
    assert kinds(app, casey) == ["craving"]


def test_craving_8_twice_48_hours_and_a_minute_apart_is_not_a_flag(app, casey):
    add_entries(app, casey, (NOW - timedelta(hours=50, minutes=1), 3, 8), (NOW - timedelta(hours=2), 3, 9))
    assert kinds(app, casey) == []


def test_craving_7_twice_is_not_a_flag(app, casey):
    add_entries(app, casey, (NOW - timedelta(hours=5), 3, 7), (NOW - timedelta(hours=2), 3, 7))
    assert kinds(app, casey) == []


def test_the_craving_flag_explains_itself(app, casey):
    add_entries(app, casey, (NOW - timedelta(hours=5), 3, 8), (NOW - timedelta(hours=2), 3, 10))
    with app.test_request_context():
        flag = flags_for([db.session.get(User, casey)], now=NOW)[casey][0]
    assert flag.text == "Craving 8 or more 2 times within 48 hours"
    assert flag.since == NOW - timedelta(hours=2) and flag.day == AUCKLAND_TODAY


def test_low_mood_three_local_days_running_across_local_midnight(app, casey):
    """23:50 on the 13th, 00:10 on the 14th and noon on the 15th in Auckland: three local days,
    though only two in UTC (10:50 and 11:10 on the 13th, 23:00 on the 14th)."""
    add_entries(app, casey, (auckland(date(2026, 1, 13), 23, 50), 2, None),
                (auckland(date(2026, 1, 14), 0, 10), 1, None), (auckland(date(2026, 1, 15), 12), 2, None))
    assert kinds(app, casey) == ["low_mood"]


def test_low_mood_on_two_local_days_is_not_a_flag(app, casey):
    """The same three entries, the first twenty minutes later: on the 14th, so two local days."""
    add_entries(app, casey, (auckland(date(2026, 1, 14), 0, 10), 2, None),
                (auckland(date(2026, 1, 14), 0, 30), 1, None), (auckland(date(2026, 1, 15), 12), 2, None))
    assert kinds(app, casey) == []


def test_low_mood_run_across_the_spring_daylight_saving_change(app, people):
    """London, 28-30 March 2026 (clocks forward at 01:00 UTC on the 29th): 00:30 local each night
    is 00:30, 00:30 and 23:30 (the 29th) in UTC, two UTC days but three local ones."""
    london = people["client"]
    add_entries(app, london, (datetime(2026, 3, 28, 0, 30, tzinfo=timezone.utc), 2, None),
                (datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc), 2, None),
                (datetime(2026, 3, 29, 23, 30, tzinfo=timezone.utc), 1, None))
    assert kinds(app, london, now=datetime(2026, 3, 30, 12, tzinfo=timezone.utc)) == ["low_mood"]


def test_a_day_whose_average_mood_is_above_2_breaks_the_run(app, casey):
    add_entries(app, casey, (auckland(date(2026, 1, 13), 9), 2, None), (auckland(date(2026, 1, 14), 9), 1, None),
                (auckland(date(2026, 1, 14), 20), 4, None), (auckland(date(2026, 1, 15), 9), 2, None))
    assert kinds(app, casey) == []


def test_a_slip_on_the_seventh_local_day_back_is_a_flag(app, casey):
    add(app, Slip(user_id=casey, happened_on=AUCKLAND_TODAY - timedelta(days=6)))
    assert kinds(app, casey) == ["slip"]


def test_a_slip_on_the_eighth_local_day_back_is_not_a_flag(app, casey):
    add(app, Slip(user_id=casey, happened_on=AUCKLAND_TODAY - timedelta(days=7)))
    assert kinds(app, casey) == []


def test_a_crisis_alert_7_days_ago_is_a_flag_and_a_minute_more_is_not(app, casey, people):
    oli = people["other_client"]
    add(app, CrisisAlert(user_id=casey, device_id="a", created_at=NOW - timedelta(days=7)),
        CrisisAlert(user_id=oli, device_id="b", created_at=NOW - timedelta(days=7, minutes=1)))
    assert kinds(app, casey) == ["crisis_alert"] and kinds(app, oli) == []


def daily_entries(last_day: date, days: int):
    return [(auckland(last_day - timedelta(days=n), 21), 4, None) for n in range(days)]


def test_no_entry_for_3_days_from_someone_who_usually_logs_daily_is_a_flag(app, casey):
    """Entries on 5 of the 7 days up to the 13th; nothing on the 14th, 15th or 16th (today)."""
    add_entries(app, casey, *daily_entries(date(2026, 1, 13), 5))
    with app.test_request_context():
        flag = flags_for([db.session.get(User, casey)], now=NOW)[casey][0]
    assert flag.kind == "silence" and flag.day == date(2026, 1, 13)
    assert flag.text == "No entry for 3 days, from someone who usually writes one most days"


def test_no_entry_for_2_days_is_not_a_flag(app, casey):
    add_entries(app, casey, *daily_entries(date(2026, 1, 14), 7))
    assert kinds(app, casey) == []


def test_no_entry_for_3_days_from_someone_who_logs_4_days_in_7_is_not_a_flag(app, casey):
    add_entries(app, casey, *daily_entries(date(2026, 1, 13), 4))
    assert kinds(app, casey) == []


def test_a_long_silence_after_daily_entries_stays_a_flag(app, casey):
    """The week before the silence is read however long ago it was (a window bounded in time)."""
    add_entries(app, casey, *daily_entries(date(2025, 12, 1), 7))
    assert kinds(app, casey) == ["silence"]


def plan(casey, weekday, made=NOW - timedelta(days=30)):
    return CheckinPlan(client_id=casey, weekday=weekday, time="18:30", updated_at=made)


def test_a_weekly_check_in_day_passed_with_no_check_in_is_a_flag(app, casey):
    add(app, plan(casey, weekday=2))  # Wednesdays; Auckland's today is Friday the 16th
    with app.test_request_context():
        flag = flags_for([db.session.get(User, casey)], now=NOW)[casey][0]
    assert flag.kind == "missed_checkin" and flag.day == date(2026, 1, 14)
    assert flag.text == "The weekly check-in planned for Wednesday 14 January isn't recorded"


def test_a_check_in_held_that_week_is_not_missed(app, casey):
    add(app, plan(casey, weekday=2), Checkin(client_id=casey, held_on=date(2026, 1, 12)))
    assert kinds(app, casey) == []


def test_a_check_in_held_on_the_planned_day_a_week_before_is_missed(app, casey):
    add(app, plan(casey, weekday=2), Checkin(client_id=casey, held_on=date(2026, 1, 7)))
    assert kinds(app, casey) == ["missed_checkin"]


def test_a_check_in_planned_after_its_day_passed_is_not_missed(app, casey):
    add(app, plan(casey, weekday=2, made=auckland(date(2026, 1, 15), 10)))
    assert kinds(app, casey) == []


def test_an_action_item_past_its_day_and_not_done_is_a_flag(app, casey):
    with app.app_context():
        checkin = Checkin(client_id=casey, held_on=AUCKLAND_TODAY)
        db.session.add(checkin)
        db.session.flush()
        db.session.add_all([
            ActionItem(client_id=casey, checkin_id=checkin.id, what="Due yesterday",
                       due_on=AUCKLAND_TODAY - timedelta(days=1)),
            ActionItem(client_id=casey, checkin_id=checkin.id, what="Due today", due_on=AUCKLAND_TODAY),
            ActionItem(client_id=casey, checkin_id=checkin.id, what="Done late", due_on=date(2026, 1, 1), done_at=NOW)])
        db.session.commit()
    with app.test_request_context():
        flag = flags_for([db.session.get(User, casey)], now=NOW)[casey][0]
    assert flag.kind == "overdue_action" and flag.day == date(2026, 1, 15)
    assert flag.text == "1 action item is past its day (due Thursday 15 January)"


def barc(casey, day, score):
    return Questionnaire(client_id=casey, instrument="barc10", taken_on=day, score=score, answered=10,
                         completed_at=auckland(day, 12))


def test_barc10_down_5_since_the_time_before_is_a_flag(app, casey):
    add(app, barc(casey, date(2025, 11, 1), 50), barc(casey, date(2025, 12, 1), 47), barc(casey, date(2026, 1, 2), 42))
    with app.test_request_context():
        flag = flags_for([db.session.get(User, casey)], now=NOW)[casey][0]
    assert flag.kind == "barc_drop" and flag.day == date(2026, 1, 2)
    assert flag.text == "Recovery capital (BARC-10) 5 points lower than the time before: 47, now 42"


def test_barc10_down_4_is_not_a_flag(app, casey):
    add(app, barc(casey, date(2025, 12, 1), 47), barc(casey, date(2026, 1, 2), 43),
        Questionnaire(client_id=casey, instrument="mspss", taken_on=date(2026, 1, 3), score=1.0, answered=12))
    assert kinds(app, casey) == []


def test_flags_come_most_needed_first(app, casey):
    add(app, plan(casey, weekday=2), Slip(user_id=casey, happened_on=AUCKLAND_TODAY),
        CrisisAlert(user_id=casey, device_id="a", created_at=NOW - timedelta(days=1)))
    assert kinds(app, casey) == ["crisis_alert", "slip", "missed_checkin"]


def test_another_clients_data_never_flags_this_one(app, casey, people):
    oli = people["other_client"]
    add(app, Slip(user_id=oli, happened_on=date(2026, 1, 15)), CrisisAlert(user_id=oli, device_id="a", created_at=NOW))
    add_entries(app, oli, (NOW - timedelta(hours=3), 1, 9), (NOW - timedelta(hours=2), 1, 9))
    with app.test_request_context():
        both = flags_for([db.session.get(User, casey), db.session.get(User, oli)], now=NOW)
    assert both[casey] == [] and {flag.kind for flag in both[oli]} == {"crisis_alert", "slip", "craving"}


def flagged_client(n: int) -> int:
    """A client with a year of entries and every kind of flag."""
    person = make_user(f"client{n}@example.org", f"Client {n}",
                       timezone=("Pacific/Auckland", "America/New_York")[n % 2])
    db.session.add_all(Entry(user_id=person.id, device_id=str(uuid.uuid4()), mood=1 + d % 2, craving=9,
                             logged_at=NOW - timedelta(days=3 + d, hours=n)) for d in range(365))
    checkin = Checkin(client_id=person.id, held_on=date(2025, 12, 1))
    db.session.add_all([checkin, plan(person.id, weekday=2), Slip(user_id=person.id, happened_on=date(2026, 1, 14)),
                        CrisisAlert(user_id=person.id, device_id="a", created_at=NOW - timedelta(days=1)),
                        barc(person.id, date(2025, 12, 1), 50), barc(person.id, date(2026, 1, 1), 40)])
    db.session.flush()
    db.session.add(ActionItem(client_id=person.id, checkin_id=checkin.id, what="x", due_on=date(2026, 1, 2)))
    db.session.commit()
    return person.id


def test_flags_for_1_or_5_clients_with_a_year_of_data_runs_two_queries(app, people):
    with app.app_context():
        ids = [flagged_client(n) for n in range(5)]
    for group in (ids[:1], ids):
        with app.test_request_context():
            clients = [db.session.get(User, person_id) for person_id in group]
            with counted_queries(app) as statements:
                found = flags_for(clients, now=NOW)
        assert len(statements) == 2, "\n\n".join(statements)
        assert all(len(found[person_id]) == 8 for person_id in group), found  # every kind of flag


def test_every_flag_speaks_only_marked_sentences(app, people, tmp_path):
    """In a pseudo-language that wraps each marked sentence, no flag shows a word outside one."""
    with app.app_context():
        person = flagged_client(0)
    babel = app.extensions["babel"]
    directory = str(write_pseudo_catalog(tmp_path))
    babel.translation_directories.append(directory)
    saved = {key: app.config[key] for key in ("LANGUAGES",) if key in app.config}
    app.config["LANGUAGES"] = ("en", "es", PSEUDO)
    try:
        with app.test_request_context(), force_locale(PSEUDO):
            texts = [flag.text for flag in flags_for([db.session.get(User, person)], now=NOW)[person]]
    finally:
        babel.translation_directories.remove(directory)
        app.config.pop("LANGUAGES")
        app.config.update(saved)
    assert len(texts) == 8 and all("⟦" in text for text in texts)
    assert [left for text in texts if (left := untranslated_text(f"<p>{text}</p>"))] == []
