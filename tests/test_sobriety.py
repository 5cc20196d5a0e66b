"""Sober-day count, milestones, and recording a slip without shame."""
from datetime import date, timedelta

import pytest

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.sobriety.milestones import last_milestone, next_milestone, sober_days
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today

SINCE = date(2024, 1, 10)
# The pages count from local_today, as the tests do: the same moment every run, never midnight.
pytestmark = pytest.mark.usefixtures("a_fixed_evening")


@pytest.mark.parametrize(("today", "days"), [(SINCE, 0), (SINCE + timedelta(days=1), 1),
                                             (date(2025, 1, 10), 366), (SINCE - timedelta(days=2), 0)])
def test_sober_days_count_whole_days_since_the_date(today, days):
    assert sober_days(SINCE, today) == days


def test_no_date_means_no_count():
    assert sober_days(None, SINCE) is None


@pytest.mark.parametrize(("days_in", "label", "days_to"), [
    (0, "1 day", 1), (1, "7 days", 6), (6, "7 days", 1), (7, "14 days", 7), (13, "14 days", 1),
    (29, "30 days", 1), (30, "60 days", 30), (89, "90 days", 1), (179, "180 days", 1),
    (364, "1 year", 1), (365, "2 years", 366), (800, "3 years", 296),
])
def test_next_milestone_follows_the_published_list_then_yearly(days_in, label, days_to):
    today = SINCE + timedelta(days=days_in)
    milestone = next_milestone(SINCE, today)
    assert (milestone.label, (milestone.on - today).days) == (label, days_to)


def test_the_milestone_is_reached_on_the_day_itself():
    assert last_milestone(SINCE, SINCE + timedelta(days=7)).label == "7 days"
    assert last_milestone(SINCE, SINCE + timedelta(days=6)).label == "1 day"
    assert last_milestone(SINCE, SINCE) is None


def test_a_29_february_start_has_anniversaries_on_28_february():
    leap = date(2024, 2, 29)
    assert next_milestone(leap, date(2025, 6, 1)).on == date(2026, 2, 28)


def set_sober_since(app, user_id, since):
    with app.app_context():
        db.session.get(User, user_id).sober_since = since
        db.session.commit()


def test_home_shows_the_count_and_next_milestone(app, client, auth, people):
    today = local_today("Europe/London")
    set_sober_since(app, people["client"], today - timedelta(days=12))
    auth.login()
    body = client.get("/").get_data(as_text=True)
    assert '<span class="big-number">12</span> days' in body
    assert "Next milestone: <strong>14 days</strong>" in body and "in 2 days" in body


def test_home_invites_a_date_when_there_is_none(client, auth, people):
    auth.login()
    assert b"Add my date" in client.get("/").data


def test_a_slip_can_start_a_new_count(app, client, auth, people):
    today = local_today("Europe/London")
    set_sober_since(app, people["client"], date(2024, 1, 10))
    auth.login()
    response = client.post("/slip", data={"happened_on": (today - timedelta(days=1)).isoformat(),
                                          "count": "restart", "new_sober_since": today.isoformat()})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, people["client"]).sober_since == today
        slip = db.session.query(Slip).one()
        assert (slip.previous_sober_since, slip.new_sober_since) == (date(2024, 1, 10), today)


def test_a_slip_can_keep_the_count(app, client, auth, people):
    set_sober_since(app, people["client"], date(2024, 1, 10))
    auth.login()
    client.post("/slip", data={"happened_on": "2024-06-01", "count": "keep"})
    with app.app_context():
        assert db.session.get(User, people["client"]).sober_since == date(2024, 1, 10)
        assert db.session.query(Slip).count() == 1


@pytest.mark.parametrize(("form", "message"), [
    ({"count": "keep"}, "Please say which day it happened."),
    ({"happened_on": "2024-06-01"}, "Please choose what happens to your count."),
    ({"happened_on": "2999-01-01", "count": "keep"}, "That date is in the future."),
    ({"happened_on": "2024-06-01", "count": "restart", "new_sober_since": ""}, "Please choose the day your new count starts."),
])
def test_a_slip_form_explains_what_is_missing(client, auth, people, form, message):
    auth.login()
    response = client.post("/slip", data={"note": "keep this note", **form})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True) and b"keep this note" in response.data


def test_the_slip_wording_never_shames(client, auth, people):
    auth.login()
    words = client.get("/slip").get_data(as_text=True).lower()
    for unkind in ("fail", "relapse", "reset your", "start over", "lost", "back to zero"):
        assert unkind not in words


# ---- In Spanish ----

def spanish_home(app, client, auth, user_id, since: date) -> str:
    """Home for a client sober since `since` who has chosen Spanish."""
    set_sober_since(app, user_id, since)
    auth.login()
    with app.app_context():
        db.session.get(User, user_id).language = "es"
        db.session.commit()
    return client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("days", "count", "next_line", "reached"), [
    (1, '<span class="big-number">1</span> día sin consumir',
     "Próxima meta: <strong>7 días</strong>, dentro de 6 días", "Logro: 1 día"),
    (12, '<span class="big-number">12</span> días sin consumir',
     "Próxima meta: <strong>14 días</strong>, dentro de 2 días", "Logro: 7 días"),
    (364, '<span class="big-number">364</span> días sin consumir',
     "Próxima meta: <strong>1 año</strong>, mañana", "Logro: 180 días"),
])
def test_the_day_count_and_milestones_read_naturally_in_spanish(app, client, auth, people, days, count, next_line,
                                                               reached):
    body = spanish_home(app, client, auth, people["client"], local_today("Europe/London") - timedelta(days=days))
    assert count in body and next_line in body and reached in body


def test_the_sober_date_is_a_spanish_date_for_a_spanish_speaker(app, client, auth, people):
    body = spanish_home(app, client, auth, people["client"], date(2024, 1, 10))
    assert "desde el 10 de enero de 2024" in body


def test_a_milestone_read_outside_a_request_is_in_english(app):
    """A command or the reminder worker reads a label with no page to take a language from."""
    with app.app_context():
        assert str(next_milestone(SINCE, SINCE).label) == "1 day"
