"""The progress page (/progress): each measure this month, the months before as a chart with a
table, a sentence of what it means; a member's view of it with the "measures" scope, recorded in
"who saw what"; and the monthly review's measures."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.measures.models import CalendarMonth, Questionnaire, UseDay
from recoverynet.measures.monthly import MonthMeasures
from recoverynet.measures.progress import measure_views
from recoverynet.meetings.models import Meeting
from recoverynet.network.models import ViewRecord
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import make_user
from tests.network_world import add_member, sign_in_as


@pytest.fixture
def a_year_in(app, people):
    """Casey joined over a year ago; a meeting and a BARC-10 this month and in earlier months."""
    casey = people["client"]
    with app.app_context():
        today = local_today("Europe/London")
        db.session.get(User, casey).created_at = utcnow() - timedelta(days=400)
        db.session.get(User, casey).sober_since = today - timedelta(days=100)
        for back in (0, 31, 62):
            db.session.add_all([Meeting(client_id=casey, attended_on=today - timedelta(days=back), kind="aa"),
                                Questionnaire(client_id=casey, instrument="barc10", taken_on=today - timedelta(days=back),
                                              score=48.0, answered=10)])
        db.session.commit()
    return casey


def page(client, path="/progress"):
    response = client.get(path)
    assert response.status_code == 200
    return response, response.get_data(as_text=True)


def test_the_progress_page_shows_each_measure_with_this_month(client, auth, a_year_in):
    auth.login()
    _, html = page(client)
    for title in ("Network check-ins held", "Mutual-help meetings", "Days without use, of the last 30",
                  "Time in the programme", "Crisis plan", "Recovery capital (BARC-10)", "Support you feel (MSPSS)"):
        assert f">{title}</h2>" in html
    assert "1 meeting this month." in html
    assert "The latest BARC-10 total this month: 48 of 60." in html


def test_each_chart_has_a_table_of_its_months_and_a_description(client, auth, a_year_in):
    auth.login()
    _, html = page(client)
    assert html.count('<table class="numbers-table">') == html.count('<svg class="progress-chart"') == 7
    assert 'aria-describedby="progress-meetings-said"' in html
    assert "Mutual-help meetings for each month from" in html
    assert html.count("<rect class=\"progress-bar\"") >= 6  # three months of meetings and of scores


def test_the_abstinence_figure_says_when_it_is_an_estimate(client, auth, a_year_in):
    auth.login()
    _, html = page(client)
    assert "About 30 of the last 30 days without use, from the sober date and the slips recorded." in html


def test_a_confirmed_month_gives_the_confirmed_figure(app, client, auth, a_year_in):
    with app.app_context():
        today = local_today("Europe/London")
        months = {today.replace(day=1), (today - timedelta(days=29)).replace(day=1)}
        db.session.add_all([CalendarMonth(client_id=a_year_in, month=month) for month in months])
        db.session.add(UseDay(client_id=a_year_in, day=today))
        db.session.commit()
    auth.login()
    _, html = page(client)
    assert "29 of the last 30 days without use, as confirmed on the calendar." in html


def test_the_page_links_to_the_questionnaires_and_the_calendar(client, auth, a_year_in):
    auth.login()
    _, html = page(client)
    this_month = local_today("Europe/London").strftime("%Y-%m")
    for path in ("/measures/barc10", "/measures/mspss", f"/measures/calendar/{this_month}", "/measures"):
        assert f'href="{path}"' in html


def test_a_new_client_sees_this_month_only_with_nothing_yet(client, auth, people):
    auth.login()
    _, html = page(client)
    assert html.count('<tr><th scope="row">') == 7  # one month in each table
    assert "No check-in held yet this month. A short one with one person counts." in html
    assert "There is no crisis plan yet." in html


def test_medication_shows_only_for_a_client_with_medication_reminders(app, client, auth, people):
    auth.login()
    assert "Medication doses taken" not in page(client)[1]
    with app.app_context():
        db.session.add(Reminder(user_id=people["client"], kind="medication", times="09:00",
                                created_at=utcnow() - timedelta(days=3)))
        db.session.commit()
    assert "Medication doses taken" in page(client)[1]


def test_the_progress_page_is_not_stored(client, auth, people):
    auth.login()
    response, _ = page(client)
    assert response.headers["Cache-Control"] == "no-store"


def test_home_links_to_the_progress_page(client, auth, people):
    auth.login()
    assert 'href="/progress"' in client.get("/").get_data(as_text=True)


def test_a_supporter_without_a_recovery_space_has_no_progress_page(app, client):
    with app.app_context():
        make_user("sam@example.org", "Sam", is_client=False)
    sign_in_as(client, "sam@example.org")
    assert client.get("/progress").status_code == 404


def test_the_words_never_judge():
    """A month with nothing at all, and a busy one: no word of failure, nothing marked bad."""
    from flask import Flask
    from flask_babel import Babel
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        quiet = measure_views([MonthMeasures(date(2026, 11, 1))], date(2026, 11, 1), own=False)
        low = measure_views([MonthMeasures(date(2026, 11, 1), checkins_held=1, days_abstinent=3, crisis_plan="written",
                                           medication=(2, 30), barc10=14.0, mspss=1.5)], date(2026, 1, 1), own=False)
        said = " ".join(view.sentence.lower() for view in quiet + low)
    for word in ("fail", "missed", "bad", "poor", "only", "should"):
        assert word not in said


# A member's view, with the "measures" scope.

def test_a_member_with_the_scope_sees_the_progress_and_it_is_recorded(app, client, people, a_year_in):
    sam, _ = add_member(app, people["client"], "sam@example.org", "Sam", scopes=("measures",))
    sign_in_as(client, "sam@example.org")
    _, html = page(client, f"/support/{people['client']}/progress")
    assert "1 meeting this month." in html
    assert 'href="/measures/barc10"' not in html  # the client's own links stay the client's
    with app.app_context():
        seen = db.session.scalars(select(ViewRecord.shown).where(ViewRecord.member_id == sam)).all()
    assert seen == ["Measures month by month, last 12 months"]


def test_a_member_without_the_scope_sees_nothing_and_nothing_is_recorded(app, client, people, a_year_in):
    nia, _ = add_member(app, people["client"], "nia@example.org", "Nia", scopes=("sober_days",))
    sign_in_as(client, "nia@example.org")
    _, html = page(client, f"/support/{people['client']}/progress")
    assert "hasn't shared their progress with you" in html
    assert "Mutual-help meetings" not in html
    with app.app_context():
        assert db.session.scalars(select(ViewRecord).where(ViewRecord.member_id == nia)).all() == []


def test_the_member_view_links_the_progress_only_with_the_scope(app, client, people):
    add_member(app, people["client"], "sam@example.org", "Sam", scopes=("measures",))
    add_member(app, people["client"], "nia@example.org", "Nia", scopes=("sober_days",))
    link = f'href="/support/{people["client"]}/progress"'
    sign_in_as(client, "sam@example.org")
    assert link in client.get(f"/support/{people['client']}").get_data(as_text=True)
    sign_in_as(client, "nia@example.org")
    assert link not in client.get(f"/support/{people['client']}").get_data(as_text=True)


def test_someone_outside_the_network_gets_404(app, client, people, a_year_in):
    with app.app_context():
        make_user("stranger@example.org", "Stranger", is_client=False)
    sign_in_as(client, "stranger@example.org")
    assert client.get(f"/support/{people['client']}/progress").status_code == 404


def test_the_monthly_review_shows_this_months_measures(app, client, auth, a_year_in):
    with app.app_context():
        db.session.add(CrisisPlan(user_id=a_year_in, reviewed_at=utcnow()))
        db.session.commit()
    auth.login()
    html = client.get("/review").get_data(as_text=True)
    assert "This month's measures" in html
    assert "<strong>Mutual-help meetings</strong>: 1" in html
    assert "<strong>Crisis plan</strong>: Up to date" in html


def test_months_before_the_account_began_show_when_they_hold_something(app, client, auth, people):
    """Meetings brought in from another RecoveryNet, say: the months from the first of them show."""
    with app.app_context():
        today = local_today("Europe/London")
        db.session.add(Meeting(client_id=people["client"], attended_on=today - timedelta(days=70), kind="na"))
        db.session.commit()
    auth.login()
    _, html = page(client)
    assert html.count('<tr><th scope="row">') == 7 * len({(today - timedelta(days=back)).replace(day=1)
                                                         for back in range(0, 71)})


def test_the_demo_client_has_months_to_show(app, runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert client.post("/login", data={"email": "demo.client@example.org",
                                       "password": "demo-recovery-2026"}).status_code == 303
    _, html = page(client)
    meetings = html[html.index('id="progress-meetings"'):html.index('id="progress-abstinence"')]
    assert meetings.count('<tr><th scope="row">') >= 4
    assert meetings.count('class="progress-bar"') >= 4
    checkins = html[html.index('id="progress-checkins"'):html.index('id="progress-meetings"')]
    assert checkins.count('class="progress-bar"') >= 4
