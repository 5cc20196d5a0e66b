"""Long lists a page at a time (issue 8, part 2): the inbox, meetings and rewards enjoyed show the
newest few; the next page (a plain link, or swapped in place by htmx) shows the ones after; a page
past the end is a calm, empty page, not an error."""
from datetime import timedelta

import pytest

from recoverynet.extensions import db
from recoverynet.meetings.models import Meeting
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.timeutil import local_today, utcnow
from tests.network_world import add_member

FRAGMENT = {"HX-Request": "true"}


def add_notifications(app, user_id: int, count: int) -> None:
    """`count` notifications, "Note 0" the newest, an hour apart, saved oldest first (as they come)."""
    with app.app_context():
        now = utcnow()
        db.session.add_all(Notification(user_id=user_id, kind="encouragement", text=f"Note {n}.", link="/rewards",
                                        created_at=now - timedelta(hours=n)) for n in reversed(range(count)))
        db.session.commit()


def add_meetings(app, client_id: int, count: int) -> None:
    """`count` meetings, "Meeting 0" yesterday, one a day before that."""
    with app.app_context():
        today = local_today("Europe/London")
        db.session.add_all(Meeting(client_id=client_id, attended_on=today - timedelta(days=n + 1), kind="na",
                                   note=f"Meeting {n}") for n in range(count))
        db.session.commit()


def add_enjoyed_rewards(app, client_id: int, giver_id: int, count: int) -> None:
    """`count` redeemed rewards, "Enjoyed 0" pledged last, a day apart, and one open pledge
    made before them all."""
    with app.app_context():
        now = utcnow()
        db.session.add_all(Reward(client_id=client_id, giver_id=giver_id, title=f"Enjoyed {n}", status="redeemed",
                                  milestone_kind="sober_days", milestone_target=30,
                                  pledged_at=now - timedelta(days=n + 1), unlocked_at=now, redeemed_at=now)
                           for n in range(count))
        db.session.add(Reward(client_id=client_id, giver_id=giver_id, title="Still to come", milestone_kind="checkins",
                              milestone_target=500, pledged_at=now - timedelta(days=count + 10)))
        db.session.commit()


def shown(body: str, prefix: str) -> list[int]:
    """The numbers of the items called `prefix N` on the page, in page order."""
    return [int(part.split(".")[0].split("<")[0].split(" ")[0]) for part in body.split(prefix + " ")[1:]]


# ---- The inbox ----

def test_the_inbox_shows_the_25_newest_notifications_and_a_link_to_older_ones(app, client, auth, people):
    add_notifications(app, people["client"], 30)
    auth.login()
    body = client.get("/notifications").get_data(as_text=True)
    assert shown(body, "Note") == list(range(25))
    assert 'href="/notifications?page=2"' in body and "Show older notifications" in body


def test_the_inbox_second_page_shows_the_next_notifications(app, client, auth, people):
    add_notifications(app, people["client"], 30)
    auth.login()
    body = client.get("/notifications?page=2").get_data(as_text=True)
    assert shown(body, "Note") == list(range(25, 30))
    assert "Show older notifications" not in body and "Back to the newest" in body


def test_older_notifications_load_in_place_for_htmx(app, client, auth, people):
    add_notifications(app, people["client"], 30)
    auth.login()
    body = client.get("/notifications?page=2", headers=FRAGMENT).get_data(as_text=True)
    assert shown(body, "Note") == list(range(25, 30)) and "<html" not in body and "<h1>" not in body


def test_an_inbox_page_past_the_end_is_a_calm_empty_page(app, client, auth, people):
    add_notifications(app, people["client"], 3)
    auth.login()
    response = client.get("/notifications?page=7")
    assert response.status_code == 200 and "No older notifications." in response.get_data(as_text=True)


def test_marking_read_from_the_first_page_marks_everything_up_to_its_newest(app, client, auth, people):
    add_notifications(app, people["client"], 30)
    auth.login()
    body = client.get("/notifications").get_data(as_text=True)
    client.post("/notifications/read", data={"up_to": body.split('name="up_to" value="')[1].split('"')[0]})
    assert b"Inbox, " not in client.get("/").data  # the 5 on the second page too: they are older


# ---- Meetings ----

# The first page is this month's meetings (issue 8: years of them cost no more than a month's):
# on 15 January, "Meeting 0" to "Meeting 13" (the 14th back to the 1st).

@pytest.mark.usefixtures("a_fixed_evening")
def test_meetings_show_this_month_s_and_a_link_to_earlier_ones(app, client, auth, people):
    add_meetings(app, people["client"], 23)
    auth.login()
    body = client.get("/meetings").get_data(as_text=True)
    assert shown(body, "Meeting") == list(range(14)) and 'href="/meetings?page=2"' in body


@pytest.mark.usefixtures("a_fixed_evening")
def test_the_second_meetings_page_shows_the_meetings_before_this_month_and_still_the_form(app, client, auth, people):
    add_meetings(app, people["client"], 23)
    auth.login()
    body = client.get("/meetings?page=2").get_data(as_text=True)
    assert shown(body, "Meeting") == list(range(14, 23)) and "I went to a meeting" in body
    assert "Show earlier meetings" not in body


@pytest.mark.usefixtures("a_fixed_evening")
def test_this_month_shows_at_most_20_meetings_and_the_next_page_goes_on_from_the_21st(app, client, auth, people):
    with app.app_context():  # 25 meetings this month: several a day
        db.session.add_all(Meeting(client_id=people["client"], attended_on=local_today("Europe/London"), kind="na",
                                   note=f"Meeting {n}") for n in reversed(range(25)))
        db.session.commit()
    auth.login()
    first, second = (client.get(f"/meetings?page={n}").get_data(as_text=True) for n in (1, 2))
    assert shown(first, "Meeting") == list(range(20)) and shown(second, "Meeting") == list(range(20, 25))


@pytest.mark.usefixtures("a_fixed_evening")
def test_with_no_meeting_this_month_the_page_says_so_and_links_to_earlier_ones(app, client, auth, people):
    with app.app_context():
        db.session.add(Meeting(client_id=people["client"], attended_on=local_today("Europe/London") - timedelta(days=40),
                               kind="na", note="Meeting 0"))
        db.session.commit()
    auth.login()
    body = client.get("/meetings").get_data(as_text=True)
    assert "None yet this month." in body and 'href="/meetings?page=2"' in body and shown(body, "Meeting") == []


def test_a_meetings_page_past_the_end_is_a_calm_empty_page(app, client, auth, people):
    add_meetings(app, people["client"], 2)
    auth.login()
    response = client.get("/meetings?page=99999999999999999999")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "No earlier meetings." in body


# ---- Rewards enjoyed ----

@pytest.fixture
def mia(app, people):
    return add_member(app, people["client"], "mia@example.org", "Mia", scopes=("sober_days", "checkins"))[0]


# The first page is what is still to happen; rewards enjoyed are on the pages after it (issue 8:
# years of them cost the first page nothing).

def test_the_rewards_page_shows_every_open_reward_and_a_link_to_the_ones_enjoyed(app, client, auth, people, mia):
    add_enjoyed_rewards(app, people["client"], mia, 13)
    auth.login()
    body = client.get("/rewards").get_data(as_text=True)
    assert "Still to come" in body and shown(body, "Enjoyed") == []
    assert 'href="/rewards?page=2"' in body and "Earlier rewards" in body


def test_the_earlier_rewards_pages_show_the_enjoyed_rewards_ten_at_a_time(app, client, auth, people, mia):
    add_enjoyed_rewards(app, people["client"], mia, 13)
    auth.login()
    second = client.get("/rewards?page=2").get_data(as_text=True)
    body = client.get("/rewards?page=3").get_data(as_text=True)
    assert shown(second, "Enjoyed") == list(range(10)) and 'href="/rewards?page=3"' in second
    assert shown(body, "Enjoyed") == [10, 11, 12] and "Still to come" not in body
    assert 'href="/rewards?page=4"' not in body and "Back to your rewards" in body


def test_earlier_rewards_load_in_place_for_htmx(app, client, auth, people, mia):
    add_enjoyed_rewards(app, people["client"], mia, 13)
    auth.login()
    body = client.get("/rewards?page=3", headers=FRAGMENT).get_data(as_text=True)
    assert shown(body, "Enjoyed") == [10, 11, 12] and "<h1>" not in body


def test_the_rewards_page_shows_the_10_newest_messages(app, client, auth, people, mia):
    with app.app_context():
        now = utcnow()
        db.session.add_all(Encouragement(client_id=people["client"], sender_id=mia, text=f"Message {n}.",
                                         sent_at=now - timedelta(hours=n)) for n in reversed(range(12)))
        db.session.commit()
    auth.login()
    assert shown(client.get("/rewards").get_data(as_text=True), "Message") == list(range(10))


def test_an_earlier_rewards_page_past_the_end_is_a_calm_empty_page(app, client, auth, people, mia):
    add_enjoyed_rewards(app, people["client"], mia, 2)
    auth.login()
    response = client.get("/rewards?page=5")
    assert response.status_code == 200 and "No earlier rewards." in response.get_data(as_text=True)
