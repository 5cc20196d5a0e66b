"""Reminders in one place (issue 15, part 4): the reminders page holds everything about them, it is
two taps from any page, and saving a reminder that will reach no phone says so."""
import uuid
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.network.models import SCOPES
from recoverynet.reminders.models import Reminder
from tests.network_world import add_member, sign_in_as
from tests.pushservice import browser_keys

SUBSCRIPTION = {"endpoint": "https://fcm.googleapis.com/fcm/send/one-place",
                "keys": browser_keys()}
NOTHING_WILL_ARRIVE = "Saved, but nothing will arrive yet: none of your phones has reminders turned on."


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


def flashed_after(client, response) -> str:
    assert response.status_code == 303
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_saving_a_reminder_when_no_phone_has_reminders_on_says_nothing_will_arrive(signed_in):
    response = signed_in.post("/reminders", data={"kind": "checkin", "time_1": "20:00"})
    assert response.headers["Location"].endswith("/reminders")
    assert NOTHING_WILL_ARRIVE in flashed_after(signed_in, response)


def test_saving_a_reminder_when_a_phone_has_reminders_on_just_says_saved(signed_in):
    signed_in.post("/push/subscriptions", json=SUBSCRIPTION)
    page = flashed_after(signed_in, signed_in.post("/reminders", data={"kind": "checkin", "time_1": "20:00"}))
    assert "Reminder saved." in page and NOTHING_WILL_ARRIVE not in page


def test_turning_a_paused_reminder_on_again_with_no_phone_on_says_nothing_will_arrive(app, signed_in):
    signed_in.post("/reminders", data={"kind": "checkin", "time_1": "20:00"})
    with app.app_context():
        reminder_id = db.session.scalar(select(Reminder.id))
    assert "Paused." in flashed_after(signed_in, signed_in.post(f"/reminders/{reminder_id}/pause"))
    assert NOTHING_WILL_ARRIVE in flashed_after(signed_in, signed_in.post(f"/reminders/{reminder_id}/pause"))


def test_without_javascript_the_reminders_page_says_they_need_it_and_how_to_turn_it_on(signed_in):
    body = signed_in.get("/reminders").get_data(as_text=True)
    noscript = body[body.index("<noscript>"):body.index("</noscript>")]
    assert "turning them on needs JavaScript, which is off in this browser" in noscript
    assert "turn JavaScript on in your browser's settings, then open this page again" in noscript


def test_lock_screen_detail_and_quiet_hours_are_on_the_reminders_page_not_in_settings(signed_in):
    reminders_page = signed_in.get("/reminders").get_data(as_text=True)
    settings_page = signed_in.get("/settings").get_data(as_text=True)
    for control in ('name="quiet_start"', 'name="detailed_notifications"', 'class="card push-panel"'):
        assert control in reminders_page and control not in settings_page


def test_saving_notification_settings_goes_back_to_the_reminders_page(app, signed_in, people):
    response = signed_in.post("/settings/notifications", data={"quiet_start": "22:00", "quiet_end": "07:00"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/reminders#notification-settings")
    with app.app_context():
        assert db.session.get(User, people["client"]).quiet_start == "22:00"


def test_a_half_filled_quiet_hours_form_is_shown_again_on_the_reminders_page(signed_in):
    response = signed_in.post("/settings/notifications", data={"quiet_start": "22:30"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Please give both a start and an end" in body
    assert 'id="this-phone-title"' in body and 'value="22:30"' in body


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(page_path: str, html: str) -> set[str]:
    """The app's own pages this one links to (paths with their query, without the #part)."""
    parser = _Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        parts = urlsplit(urljoin("http://localhost" + page_path, href))
        if parts.scheme == "http" and parts.netloc == "localhost" and not parts.path.startswith("/static/"):
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def walk_by_links(client, start: str = "/", limit: int = 400) -> dict[str, set[str]]:
    """Every page reachable by following links from `start`, with the links each one holds; a
    link that answers anything but an HTML page holds none."""
    seen, waiting = {}, [start]
    while waiting and len(seen) < limit:
        path = waiting.pop()
        if path in seen:
            continue
        response = client.get(path)
        html = response.status_code == 200 and response.mimetype == "text/html"
        seen[path] = links_on(path, response.get_data(as_text=True)) if html else set()
        waiting.extend(seen[path] - seen.keys())
    return seen


@pytest.fixture
def lived_in(app, people):
    """Casey with a reminder, an entry and a member who sees everything: more pages to walk."""
    member_id, _card = add_member(app, people["client"], "mo@example.org", "Mo Member", scopes=SCOPES)
    with app.app_context():
        db.session.add_all([Reminder(user_id=people["client"], kind="checkin", times="20:00"),
                            Reminder(user_id=member_id, kind="weekly", times="18:00", weekday=0),
                            Entry(user_id=people["client"], device_id=str(uuid.uuid4()), mood=3, craving=2)])
        db.session.commit()


@pytest.mark.parametrize("email", ["casey@example.org", "mo@example.org"])
def test_the_reminders_page_is_at_most_two_taps_from_every_page(client, lived_in, email):
    sign_in_as(client, email)
    pages = walk_by_links(client)
    assert "/reminders" in pages and len(pages) > 8  # the walk reaches the app, not just home
    far = [page for page, links in pages.items()
           if "/reminders" not in links and not any("/reminders" in pages.get(link, ()) for link in links)]
    assert far == []
