"""Every text a person types fits its column: the longest allowed value is stored whole, one more
character gets a clear message, and text the app cuts itself is cut to the column. SQLite
ignores column lengths; on PostgreSQL (scripts/test_postgres.sh) a value too long is a 500."""
from datetime import date

import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.network.models import Contact
from recoverynet.notifications.models import Notification
from recoverynet.push.models import PushSubscription
from recoverynet.reminders.models import Reminder
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.timeutil import utcnow
from tests.network_world import add_member, sign_in_as
from tests.pushservice import browser_keys

SUBSCRIPTION = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc123",
                "keys": browser_keys()}

# (who posts, address, the rest of the form, field, its limit, the column it is stored in).
# "{client}" and "{reward}" are filled in with Casey's id and a reward given to her.
FIELDS = [
    ("casey", "/log", {"mood": "3"}, "new_trigger", 40, CustomTrigger.label),
    ("casey", "/log", {"mood": "3"}, "new_trigger", 40, EntryTrigger.label),
    ("casey", "/meetings", {"attended_on": "2026-01-10", "kind": "na"}, "note", 200, Meeting.note),
    ("casey", "/network", {"relationship": "friend", "circle": "middle"}, "name", 80, Contact.name),
    ("casey", "/network", {"name": "Sam", "relationship": "friend", "circle": "middle"}, "phone", 32, Contact.phone),
    ("casey", "/reminders", {"kind": "meeting", "weekday": "2", "time_1": "19:00", "lead_minutes": "30"},
     "title", 120, Reminder.title),
    ("casey", "/reminders", {"kind": "meeting", "weekday": "2", "time_1": "19:00", "lead_minutes": "30"},
     "place", 200, Reminder.place),
    ("casey", "/settings/profile", {"timezone": "Europe/London", "country": "GB"}, "display_name", 80,
     User.display_name),
    ("casey", "/crisis/plan", {"person-0-day": "01632 960123"}, "person-0-name", 80, Callee.name),
    ("casey", "/crisis/plan", {"person-0-name": "Jo", "person-0-day": "01632 960123"}, "sms_message", 300,
     CrisisPlan.sms_message),
    ("casey", "/rewards/{reward}/thank", {}, "thanks", 280, Reward.thanks),
    ("mia", "/support/{client}/rewards/new", {"kind": "meal", "when": "now"}, "title", 120, Reward.title),
    ("mia", "/support/{client}/encourage", {}, "text", 280, Encouragement.text),
]
IDS = [f"{field}-{address.split('/')[1] or address}-{column.class_.__name__}"
       for _, address, _, field, _, column in FIELDS]


def value_for(field: str, length: int) -> str:
    if field == "phone":
        return "0" * length
    if field == "new_trigger":
        return "é" * length  # accented: lowercase already, and two bytes each on PostgreSQL
    return ("Ünïcødé text " * length)[:length - 1] + "!"


@pytest.fixture
def world(app, people):
    """Casey signed in on one phone; Mia, who sees her days, can pledge; a reward Mia gave."""
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia Long-Name", scopes=["sober_days"])
    with app.app_context():
        reward = Reward(client_id=people["client"], giver_id=mia, title="Cinema", status="unlocked",
                        unlocked_at=utcnow())
        db.session.add(reward)
        db.session.commit()
        return {"client": people["client"], "reward": reward.id}


def post(client, world, who, address, form, field, value):
    sign_in_as(client, {"casey": "casey@example.org", "mia": "mia@example.org"}[who])
    return client.post(address.format(**world), data={**form, field: value})


def longest_stored(app, column) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(func.length(column))))


@pytest.mark.parametrize(("who", "address", "form", "field", "limit", "column"), FIELDS, ids=IDS)
def test_the_longest_allowed_text_is_stored_whole(app, client, world, who, address, form, field, limit, column):
    response = post(client, world, who, address, form, field, value_for(field, limit))
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert longest_stored(app, column) == limit


@pytest.mark.parametrize(("who", "address", "form", "field", "limit", "column"), FIELDS, ids=IDS)
def test_one_character_more_is_refused_with_a_message(app, client, world, who, address, form, field, limit, column):
    response = post(client, world, who, address, form, field, value_for(field, limit + 1))
    assert response.status_code in (303, 422)
    body = client.get(response.headers["Location"]).get_data(as_text=True) if response.status_code == 303 \
        else response.get_data(as_text=True)
    assert f"Please keep this under {limit} characters." in body
    assert (longest_stored(app, column) or 0) < limit + 1


def test_a_long_encouragement_from_a_long_name_is_cut_to_fit_the_notification(app, client, world):
    with app.app_context():
        db.session.execute(Contact.__table__.update().values(name="M" * 80))
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    text = value_for("text", 280)
    assert client.post(f"/support/{world['client']}/encourage", data={"text": text}).status_code == 303
    with app.app_context():
        stored = db.session.scalar(select(Notification.text).where(Notification.user_id == world["client"]))
    assert len(stored) == 300 and stored.startswith("M" * 80 + ": “" + text[:50])


def test_a_very_long_browser_name_is_cut_to_fit_the_subscription(app, client, world):
    sign_in_as(client, "casey@example.org")
    response = client.post("/push/subscriptions", json=SUBSCRIPTION, headers={"User-Agent": "Mozilla/5.0 " + "x" * 990})
    assert response.status_code == 201
    with app.app_context():
        assert len(db.session.scalar(select(PushSubscription.user_agent))) == 200


def test_a_long_name_in_a_reward_notice_is_cut_to_fit(app, client, world):
    """The longest card name, reward title and milestone make a notice over 300 characters."""
    with app.app_context():
        db.session.execute(Contact.__table__.update().values(name="M" * 80))
        db.session.get(User, world["client"]).sober_since = date(2020, 1, 1)
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    response = client.post(f"/support/{world['client']}/rewards/new",
                           data={"title": "T" * 120, "kind": "meal", "when": "sober_days", "target": "3650"})
    assert response.status_code == 303
    with app.app_context():
        texts = db.session.scalars(select(Notification.text).where(Notification.user_id == world["client"])).all()
    assert texts and all(len(text) <= 300 for text in texts)
