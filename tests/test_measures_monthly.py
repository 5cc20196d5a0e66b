"""measures_by_month: each measure of each month, in the client's own days, with the boundaries
written out (local midnight, daylight saving, a slip on the 30th day, a client with no data), in
one query however many people and however long their history."""
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import event

from recoverynet.auth.models import User
from recoverynet.checkins.models import Checkin
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.measures.models import CalendarMonth, Questionnaire, UseDay
from recoverynet.measures.monthly import MonthMeasures, measures_by_month
from recoverynet.medication.models import MedicationAnswer
from recoverynet.meetings.models import Meeting
from recoverynet.reminders.models import Reminder
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import utc_moment
from tests.helpers import make_user

UTC = timezone.utc
# 20:00 UTC on 15 November 2026: London 20:00, Auckland already 16 November 09:00.
NOW = datetime(2026, 11, 15, 20, 0, tzinfo=UTC)


def at(day: date, hour: int, minute: int, zone_name: str) -> datetime:
    """The UTC moment of a wall-clock time on a local day."""
    return utc_moment(day, time(hour, minute), zone_name)


@pytest.fixture
def person(app):
    """Make a client (in London unless told) whose account began on `began`; returns their id."""
    def make(email="dana@example.org", zone_name="Europe/London", began=date(2025, 1, 1), **fields):
        with app.app_context():
            user = make_user(email, "Dana", timezone=zone_name, created_at=at(began, 9, 0, zone_name), **fields)
            return user.id
    return make


def add(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()


def months_of(app, user_id, months=12, now=NOW) -> list[MonthMeasures]:
    with app.app_context():
        return measures_by_month([db.session.get(User, user_id)], months=months, now=now)[user_id]


def month(app, user_id, first: date, now=NOW) -> MonthMeasures:
    return next(m for m in months_of(app, user_id, now=now) if m.month == first)


def test_months_run_oldest_first_and_end_with_the_current_month(app, person):
    dana = person()
    shown = [m.month for m in months_of(app, dana, months=3)]
    assert shown == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]


def test_the_current_month_is_the_clients_own(app, person):
    """At 11:00 UTC on 30 November it is already 1 December in Auckland."""
    kiri = person("kiri@example.org", "Pacific/Auckland")
    assert months_of(app, kiri, months=1, now=datetime(2026, 11, 30, 11, 0, tzinfo=UTC))[0].month == date(2026, 12, 1)


def test_a_client_with_no_data_has_nothing_yet(app, person):
    dana = person()
    assert months_of(app, dana, months=2) == [MonthMeasures(date(2026, 10, 1)), MonthMeasures(date(2026, 11, 1))]


def test_no_people_no_measures(app):
    with app.app_context():
        assert measures_by_month([], now=NOW) == {}


def test_check_ins_count_in_the_month_they_were_held(app, person):
    dana = person()
    add(app, *(Checkin(client_id=dana, held_on=day) for day in
               (date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 1))))
    assert month(app, dana, date(2026, 10, 1)).checkins_held == 2


def test_meetings_count_in_the_month_they_were_attended(app, person):
    dana = person()
    add(app, *(Meeting(client_id=dana, attended_on=day, kind="aa") for day in
               (date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 15))))
    assert month(app, dana, date(2026, 11, 1)).meetings_attended == 3


def test_another_clients_rows_never_count(app, person):
    dana, oli = person(), person("oli@example.org")
    add(app, Checkin(client_id=oli, held_on=date(2026, 11, 2)), Meeting(client_id=oli, attended_on=date(2026, 11, 2),
                                                                        kind="na"))
    assert months_of(app, dana, months=1)[0] == MonthMeasures(date(2026, 11, 1))


# Days abstinent: the 30 days ending on 31 October are 2 to 31 October.

def test_days_abstinent_are_estimated_from_the_sober_date(app, person):
    dana = person(sober_since=date(2026, 10, 20))
    october = month(app, dana, date(2026, 10, 1))
    assert (october.days_abstinent, october.abstinence_confirmed) == (12, False)


def test_a_month_before_the_sober_date_is_not_known(app, person):
    dana = person(sober_since=date(2026, 11, 1))
    assert month(app, dana, date(2026, 10, 1)).days_abstinent is None


def test_a_slip_on_the_windows_first_day_counts_against_it(app, person):
    dana = person(sober_since=date(2026, 1, 1))
    add(app, Slip(user_id=dana, happened_on=date(2026, 10, 2), previous_sober_since=date(2026, 1, 1),
                  new_sober_since=date(2026, 1, 1)))
    assert month(app, dana, date(2026, 10, 1)).days_abstinent == 29


def test_a_slip_the_day_before_the_window_does_not(app, person):
    dana = person(sober_since=date(2026, 1, 1))
    add(app, Slip(user_id=dana, happened_on=date(2026, 10, 1), previous_sober_since=date(2026, 1, 1),
                  new_sober_since=date(2026, 1, 1)))
    assert month(app, dana, date(2026, 10, 1)).days_abstinent == 30


def test_a_later_slip_that_moved_the_sober_date_leaves_earlier_months_sober(app, person):
    dana = person(sober_since=date(2026, 11, 6))
    add(app, Slip(user_id=dana, happened_on=date(2026, 11, 5), previous_sober_since=date(2026, 3, 1),
                  new_sober_since=date(2026, 11, 6)))
    assert month(app, dana, date(2026, 10, 1)).days_abstinent == 30
    assert month(app, dana, date(2026, 11, 1)).days_abstinent == 29  # 17 Oct to 15 Nov, but the 5th


def test_a_confirmed_calendar_counts_its_use_days(app, person):
    dana = person(sober_since=date(2026, 1, 1))
    add(app, CalendarMonth(client_id=dana, month=date(2026, 10, 1)),
        *(UseDay(client_id=dana, day=day) for day in (date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 31))))
    october = month(app, dana, date(2026, 10, 1))
    assert (october.days_abstinent, october.abstinence_confirmed) == (28, True)


def test_a_window_half_in_an_unconfirmed_month_is_an_estimate(app, person):
    """The current month's window, 17 October to 15 November, reaches back into October."""
    dana = person(sober_since=date(2026, 1, 1))
    add(app, CalendarMonth(client_id=dana, month=date(2026, 11, 1)), UseDay(client_id=dana, day=date(2026, 11, 3)))
    november = month(app, dana, date(2026, 11, 1))
    assert (november.days_abstinent, november.abstinence_confirmed) == (30, False)


def test_no_sober_date_and_no_calendar_is_nothing_yet(app, person):
    dana = person()
    assert month(app, dana, date(2026, 10, 1)).days_abstinent is None


# Retention: the account began on 1 July 2026; 31 October is day 122.

def test_retention_is_the_largest_milestone_reached_while_active(app, person):
    dana = person(began=date(2026, 7, 1))
    add(app, Meeting(client_id=dana, attended_on=date(2026, 10, 18), kind="aa"))
    assert month(app, dana, date(2026, 10, 1)).retention == 90


def test_no_retention_without_anything_done_in_the_last_14_days(app, person):
    dana = person(began=date(2026, 7, 1))
    add(app, Meeting(client_id=dana, attended_on=date(2026, 10, 17), kind="aa"))
    assert month(app, dana, date(2026, 10, 1)).retention is None


def test_no_retention_before_30_days(app, person):
    dana = person(began=date(2026, 10, 10))
    add(app, Meeting(client_id=dana, attended_on=date(2026, 10, 30), kind="aa"))
    assert month(app, dana, date(2026, 10, 1)).retention is None


def test_an_entry_after_local_midnight_belongs_to_the_next_local_day(app, person):
    """11:30 UTC on 17 October is 00:30 on the 18th in Auckland: inside October's last 14 days."""
    kiri = person("kiri@example.org", "Pacific/Auckland", began=date(2026, 7, 1))
    add(app, Entry(user_id=kiri, device_id="a", mood=3, logged_at=datetime(2026, 10, 17, 11, 30, tzinfo=UTC)))
    assert month(app, kiri, date(2026, 10, 1)).retention == 90


def test_an_entry_before_local_midnight_belongs_to_that_day(app, person):
    kiri = person("kiri@example.org", "Pacific/Auckland", began=date(2026, 7, 1))
    add(app, Entry(user_id=kiri, device_id="a", mood=3, logged_at=datetime(2026, 10, 17, 10, 30, tzinfo=UTC)))
    assert month(app, kiri, date(2026, 10, 1)).retention is None


def test_an_entry_after_midnight_once_the_clocks_went_forward_is_the_next_month(app, person):
    """London went to summer time on 29 March 2026: 23:30 UTC on 31 March is 00:30 on 1 April."""
    dana = person(began=date(2025, 7, 1))
    add(app, Entry(user_id=dana, device_id="a", mood=3, logged_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC)))
    assert month(app, dana, date(2026, 3, 1)).retention is None


def test_an_entry_after_midnight_in_summer_time_is_the_next_local_day(app, person):
    """23:30 UTC on 17 October is 00:30 on the 18th in London (summer time until the 25th)."""
    dana = person(began=date(2025, 7, 1))
    add(app, Entry(user_id=dana, device_id="a", mood=3, logged_at=datetime(2026, 10, 17, 23, 30, tzinfo=UTC)))
    assert month(app, dana, date(2026, 10, 1)).retention == 180


# Crisis plan, as of 31 October.

@pytest.mark.parametrize("reviewed, expected", [
    (None, "written"),
    (date(2026, 8, 3), "reviewed"),   # 89 days before 31 October
    (date(2026, 8, 2), "signed"),     # 90 days before
    (date(2026, 11, 2), "written"),   # signed only after October
])
def test_the_crisis_plan_is_written_signed_or_reviewed(app, person, reviewed, expected):
    dana = person()
    add(app, CrisisPlan(user_id=dana, reviewed_at=at(reviewed, 10, 0, "Europe/London") if reviewed else None))
    assert month(app, dana, date(2026, 10, 1)).crisis_plan == expected


def test_no_crisis_plan_is_none(app, person):
    dana = person()
    assert month(app, dana, date(2026, 10, 1)).crisis_plan == "none"


def test_a_plan_signed_just_after_local_midnight_counts_on_that_local_day(app, person):
    """23:30 UTC on 31 October is already 1 November in Berlin (after its clocks went back)."""
    ana = person("ana@example.org", "Europe/Berlin")
    add(app, CrisisPlan(user_id=ana, reviewed_at=datetime(2026, 10, 31, 23, 30, tzinfo=UTC)))
    assert month(app, ana, date(2026, 10, 1)).crisis_plan == "written"
    assert month(app, ana, date(2026, 11, 1)).crisis_plan == "reviewed"


# Medication: a reminder at 09:00 made on 31 August.

@pytest.fixture
def on_medication(app, person):
    dana = person()
    with app.app_context():
        reminder = Reminder(user_id=dana, kind="medication", title="Naltrexone", times="09:00,21:00",
                            created_at=at(date(2026, 8, 31), 8, 0, "Europe/London"))
        db.session.add(reminder)
        db.session.commit()
        reminder_id = reminder.id
    return dana, reminder_id


def test_medication_is_doses_taken_of_doses_due(app, on_medication):
    dana, reminder_id = on_medication
    add(app, *(MedicationAnswer(user_id=dana, reminder_id=reminder_id, day=date(2026, 10, d), slot="09:00",
                                answer="taken") for d in (1, 2, 31)),
        MedicationAnswer(user_id=dana, reminder_id=reminder_id, day=date(2026, 10, 3), slot="09:00",
                         answer="not_today"))
    assert month(app, dana, date(2026, 10, 1)).medication == (3, 62)


def test_medication_due_this_month_stops_at_doses_whose_time_has_come(app, on_medication):
    """At 20:00 on 15 November, 15 mornings have come and 14 evenings."""
    dana, _ = on_medication
    assert month(app, dana, date(2026, 11, 1)).medication == (0, 29)


def test_medication_due_begins_the_day_after_the_reminder_was_made(app, on_medication):
    dana, _ = on_medication
    assert month(app, dana, date(2026, 8, 1)).medication == (0, 0)
    assert month(app, dana, date(2026, 9, 1)).medication == (0, 60)


def test_no_medication_reminders_is_no_medication_measure(app, person):
    dana = person()
    assert month(app, dana, date(2026, 10, 1)).medication is None


def test_the_latest_questionnaire_score_of_the_month(app, person):
    dana = person()
    add(app, Questionnaire(client_id=dana, instrument="barc10", taken_on=date(2026, 10, 2), score=40.0, answered=10),
        Questionnaire(client_id=dana, instrument="barc10", taken_on=date(2026, 10, 30), score=44.0, answered=10),
        Questionnaire(client_id=dana, instrument="barc10", taken_on=date(2026, 11, 1), score=50.0, answered=10),
        Questionnaire(client_id=dana, instrument="mspss", taken_on=date(2026, 10, 5), score=5.5, answered=12))
    october = month(app, dana, date(2026, 10, 1))
    assert (october.barc10, october.mspss) == (44.0, 5.5)


def test_a_questionnaire_too_skipped_to_score_leaves_the_months_score_as_it_was(app, person):
    dana = person()
    add(app, Questionnaire(client_id=dana, instrument="barc10", taken_on=date(2026, 10, 2), score=40.0, answered=10),
        Questionnaire(client_id=dana, instrument="barc10", taken_on=date(2026, 10, 30), score=None, answered=2))
    assert month(app, dana, date(2026, 10, 1)).barc10 == 40.0


def _year_of_everything(app, user_id, days):
    rows = []
    for back in range(days):
        day = date(2026, 11, 15) - timedelta(days=back)
        rows += [Entry(user_id=user_id, device_id=f"d{back}", mood=3, logged_at=at(day, 12, 0, "Europe/London")),
                 Meeting(client_id=user_id, attended_on=day, kind="aa"), UseDay(client_id=user_id, day=day)]
        if back % 7 == 0:
            rows += [Checkin(client_id=user_id, held_on=day), Slip(user_id=user_id, happened_on=day)]
    add(app, *rows)


def test_the_measures_take_one_query_however_many_people_and_however_long_their_history(app, person):
    few = [person("a@example.org")]
    _year_of_everything(app, few[0], 7)
    many = [person(f"p{n}@example.org", zone) for n, zone in enumerate(("Europe/London", "Pacific/Auckland",
                                                                        "America/New_York"))]
    for user_id in many:
        _year_of_everything(app, user_id, 400)
    counts = []
    for ids in (few, many):
        with app.app_context():
            users = [db.session.get(User, user_id) for user_id in ids]
            statements = []
            count = lambda *args: statements.append(args[2])  # noqa: E731 (before_cursor_execute's statement)
            event.listen(db.engine, "before_cursor_execute", count)
            try:
                measures_by_month(users, now=NOW)
            finally:
                event.remove(db.engine, "before_cursor_execute", count)
            counts.append(len(statements))
    assert counts == [1, 1]
