"""The use-day calendar (issue 10, the Timeline Followback way): a month of the client's local days
on which they tick the days they used; suggestions from recorded slips and the sober date until the
month is confirmed; anchors to help remember; future days never marked."""
import uuid
from datetime import date, datetime, timezone

from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.checkins.models import Checkin
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.measures.models import CalendarMonth, UseDay
from recoverynet.measures.timeline import month_end, parse_month, suggested_use_days, weeks
from recoverynet.meetings.models import Meeting
from recoverynet.reminders.models import Reminder
from recoverynet.sobriety.models import Slip

NOON_15_MARCH = datetime(2026, 3, 15, 12, 0, tzinfo=timezone.utc)


def ticked(page: str) -> list[str]:
    """The days a page shows ticked, as ISO dates."""
    import re
    return re.findall(r'name="used" value="([\d-]+)" checked', page)


def set_client(app, client_id: int, **fields) -> None:
    with app.app_context():
        user = db.session.get(User, client_id)
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()


# --- the month's days ----------------------------------------------------------------------------

def test_a_month_is_written_year_dash_month_and_nothing_else():
    assert parse_month("2026-02") == date(2026, 2, 1)
    assert [parse_month(text) for text in ("2026-13", "2026-2", "26-02", "2026-02-01", "", "0999-01")] == [None] * 6


def test_the_month_ends_on_its_last_day_in_leap_years_too():
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert month_end(date(2026, 2, 1)) == date(2026, 2, 28)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)


def test_the_grid_starts_each_week_on_the_languages_first_day():
    monday_first = weeks(date(2026, 3, 1), first_weekday=0)  # 1 March 2026 is a Sunday
    assert monday_first[0] == [None] * 6 + [date(2026, 3, 1)]
    sunday_first = weeks(date(2026, 3, 1), first_weekday=6)
    assert sunday_first[0][0] == date(2026, 3, 1) and all(len(week) == 7 for week in sunday_first)
    assert sunday_first[-1][:3] == [date(2026, 3, 29), date(2026, 3, 30), date(2026, 3, 31)]


def test_suggestions_are_slip_days_and_the_days_before_the_sober_date_never_after_today():
    suggested = suggested_use_days(date(2026, 3, 1), sober_since=date(2026, 3, 4), slips={date(2026, 3, 10)},
                                   today=date(2026, 3, 12))
    assert suggested == {date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 10)}
    assert suggested_use_days(date(2026, 3, 1), date(2026, 4, 1), set(), date(2026, 3, 2)) == {
        date(2026, 3, 1), date(2026, 3, 2)}


# --- the page ------------------------------------------------------------------------------------

def test_an_unconfirmed_month_ticks_the_suggested_days(app, client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    set_client(app, people["client"], sober_since=date(2026, 3, 3))
    with app.app_context():
        db.session.add(Slip(user_id=people["client"], happened_on=date(2026, 3, 9)))
        db.session.commit()
    auth.login()
    page = client.get("/measures/calendar/2026-03").get_data(as_text=True)
    assert ticked(page) == ["2026-03-01", "2026-03-02", "2026-03-09"]
    assert "The ticked days are suggestions" in page


def test_confirming_keeps_the_ticked_days_and_the_month(app, client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    auth.login()
    response = client.post("/measures/calendar/2026-03", data={"used": ["2026-03-02", "2026-03-07"]})
    assert response.status_code == 303 and response.headers["Location"].endswith("/measures/calendar/2026-03")
    with app.app_context():
        assert db.session.scalars(select(UseDay.day)).all() == [date(2026, 3, 2), date(2026, 3, 7)]
        assert db.session.scalars(select(CalendarMonth.month)).all() == [date(2026, 3, 1)]
    page = client.get("/measures/calendar/2026-03").get_data(as_text=True)
    assert ticked(page) == ["2026-03-02", "2026-03-07"] and "You confirmed this month" in page


def test_a_confirmed_month_shows_what_was_confirmed_not_the_suggestions(app, client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    with app.app_context():
        db.session.add(Slip(user_id=people["client"], happened_on=date(2026, 3, 9)))
        db.session.commit()
    auth.login()
    client.post("/measures/calendar/2026-03", data={})  # the slip day was not a use day after all
    assert ticked(client.get("/measures/calendar/2026-03").get_data(as_text=True)) == []
    with app.app_context():
        assert db.session.scalars(select(UseDay)).all() == [] and db.session.scalars(select(CalendarMonth)).one()


def test_a_confirmed_month_can_be_changed_and_confirmed_again(app, client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    auth.login()
    client.post("/measures/calendar/2026-02", data={"used": ["2026-02-02", "2026-02-03"]})
    client.post("/measures/calendar/2026-03", data={"used": ["2026-03-01"]})
    client.post("/measures/calendar/2026-02", data={"used": ["2026-02-28"]})
    with app.app_context():
        assert db.session.scalars(select(UseDay.day).order_by(UseDay.day)).all() == [date(2026, 2, 28), date(2026, 3, 1)]
        assert len(db.session.scalars(select(CalendarMonth)).all()) == 2


def test_a_day_after_today_cannot_be_marked(app, client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    auth.login()
    page = client.get("/measures/calendar/2026-03").get_data(as_text=True)
    assert 'value="2026-03-16" disabled' in page and 'value="2026-03-15" disabled' not in page
    response = client.post("/measures/calendar/2026-03", data={"used": ["2026-03-14", "2026-03-16"]})
    assert response.status_code == 422 and "Days after today can" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(UseDay)).all() == [] and db.session.scalars(select(CalendarMonth)).all() == []


def test_a_day_of_another_month_is_refused(app, client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    auth.login()
    response = client.post("/measures/calendar/2026-03", data={"used": ["2026-02-27"]})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalars(select(UseDay)).all() == []


def test_a_month_not_begun_or_not_a_month_is_not_found(client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    auth.login()
    assert client.get("/measures/calendar/2026-04").status_code == 404
    assert client.get("/measures/calendar/march").status_code == 404
    assert client.post("/measures/calendar/2026-04", data={}).status_code == 404


def test_the_month_is_the_clients_own_local_month(app, client, auth, people, time_machine):
    """At 23:30 UTC on 31 March it is already 1 April in Auckland: April's calendar opens there,
    and its first day is today, not a future day."""
    time_machine.move_to(datetime(2026, 3, 31, 23, 30, tzinfo=timezone.utc))
    set_client(app, people["client"], timezone="Pacific/Auckland")
    auth.login()
    page = client.get("/measures/calendar/2026-04").get_data(as_text=True)
    assert 'value="2026-04-01">' in page and 'value="2026-04-02" disabled' in page
    assert client.get("/measures/calendar").headers["Location"].endswith("/measures/calendar/2026-04")


def test_the_anchors_are_shown_on_their_days(app, client, auth, people, time_machine):
    time_machine.move_to(NOON_15_MARCH)
    casey = people["client"]
    set_client(app, casey, sober_since=date(2026, 3, 2), timezone="America/New_York")
    with app.app_context():
        # Logged at 02:00 UTC on 7 March: still 6 March in New York, the day the payday belongs to.
        entry = Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=3,
                      logged_at=datetime(2026, 3, 7, 2, 0, tzinfo=timezone.utc))
        entry.triggers = [EntryTrigger(label="payday")]
        db.session.add_all([entry, Slip(user_id=casey, happened_on=date(2026, 3, 9)),
                            Meeting(client_id=casey, attended_on=date(2026, 3, 10), kind="na"),
                            Checkin(client_id=casey, held_on=date(2026, 3, 11)),
                            Reminder(user_id=casey, kind="appointment", times="10:00", on_date=date(2026, 3, 12)),
                            Meeting(client_id=casey, attended_on=date(2026, 2, 27), kind="aa")])
        db.session.commit()
    auth.login()
    page = client.get("/measures/calendar/2026-03").get_data(as_text=True)
    anchors = page[page.index('id="anchors-title"'):]
    for day, words in (("Mon 2", "Your sober date"), ("Fri 6", "Payday (from your log)"),
                       ("Mon 9", "A slip you recorded"), ("Tue 10", "A meeting you went to"),
                       ("Wed 11", "A network check-in"), ("Thu 12", "An appointment")):
        line = anchors[anchors.index(f"<strong>{day}</strong>"):]
        assert words in line[:line.index("</li>")], day
    assert "Fri 27" not in anchors and anchors.count("<li>") == 6


def test_the_measures_page_links_this_month_and_last_and_says_which_are_confirmed(app, client, auth, people,
                                                                                   time_machine):
    time_machine.move_to(NOON_15_MARCH)
    auth.login()
    client.post("/measures/calendar/2026-02", data={})
    page = client.get("/measures").get_data(as_text=True)
    assert 'href="/measures/calendar/2026-03"' in page and 'href="/measures/calendar/2026-02"' in page
    assert page.count("Not confirmed yet") == 1 and "Confirmed" in page


def test_the_calendar_with_every_anchor_and_a_confirmed_month_runs_at_most_five_queries(app, client, auth, people,
                                                                                         time_machine):
    from tests.helpers import counted_queries

    time_machine.move_to(NOON_15_MARCH)
    casey = people["client"]
    set_client(app, casey, sober_since=date(2026, 3, 2))
    with app.app_context():
        for n in range(1, 15):
            entry = Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=3,
                          logged_at=datetime(2026, 3, n, 9, 0, tzinfo=timezone.utc))
            entry.triggers = [EntryTrigger(label="payday"), EntryTrigger(label="tired")]
            db.session.add_all([entry, Meeting(client_id=casey, attended_on=date(2026, 3, n), kind="na"),
                                Slip(user_id=casey, happened_on=date(2026, 3, n)),
                                Checkin(client_id=casey, held_on=date(2026, 3, n)),
                                Reminder(user_id=casey, kind="appointment", times="10:00", on_date=date(2026, 3, n)),
                                UseDay(client_id=casey, day=date(2026, 3, n))])
        db.session.add(CalendarMonth(client_id=casey, month=date(2026, 3, 1)))
        db.session.commit()
    auth.login()
    with counted_queries(app) as statements:
        page = client.get("/measures/calendar/2026-03").get_data(as_text=True)
    assert len(ticked(page)) == 14 and "Payday (from your log)" in page and "An appointment" in page
    assert len(statements) <= 5, f"{len(statements)} queries:\n" + "\n\n".join(statements)
