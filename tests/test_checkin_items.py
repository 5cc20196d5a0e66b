"""Action items of the weekly check-in: what, who, by when, done (with who and when); the owner's
Home; the next check-in opening with what is still open; one discreet push the day before.

The clock is frozen at 20:00 UTC on Thursday 15 January 2026 (Friday 09:00 in Auckland, where
Casey lives; Thursday 15:00 in New York, where Mia lives)."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.checkins.agenda import open_items_and_last_checkin
from recoverynet.checkins.due import queue_day_before_pushes
from recoverynet.checkins.models import ActionItem, Checkin, CheckinPlan
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.notifications.models import Notification
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.timeutil import utcnow
from tests.network_world import add_member, sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")

FRIDAY = date(2026, 1, 16)


@pytest.fixture
def casey_network(app, people, second_world):
    """Casey (Auckland) meets on Fridays with Mia (New York); Nia holds the scope but does not take part."""
    ids = {"casey": people["client"], "oli": people["other_client"]}
    ids["mia"], ids["mia_card"] = add_member(app, ids["casey"], "mia@example.org", "Mia Partner", scopes=("checkins",))
    ids["nia"], _ = add_member(app, ids["casey"], "nia@example.org", "Nia Friend", scopes=("checkins",))
    with app.app_context():
        db.session.get(User, ids["casey"]).timezone = "Pacific/Auckland"
        db.session.get(User, ids["mia"]).timezone = "America/New_York"
        plan = CheckinPlan(client_id=ids["casey"], weekday=4, time="18:30", mode="phone")
        db.session.add(plan)
        db.session.flush()
        from recoverynet.checkins.models import CheckinParticipant
        db.session.add(CheckinParticipant(plan_id=plan.id, member_id=ids["mia"]))
        db.session.commit()
    return ids


def url(ids, day=FRIDAY):
    return f"/checkins/{ids['casey']}/{day.isoformat()}"


def add_item(client, ids, **fields):
    data = {"what": "Call the clinic", "owner_id": str(ids["mia"]), "due_on": "2026-01-20"} | fields
    return client.post(url(ids) + "/items", data=data)


def item(app) -> ActionItem:
    with app.app_context():
        found = db.session.scalar(select(ActionItem).order_by(ActionItem.id.desc()))  # Oli's came first
        db.session.expunge_all()
        return found


def test_an_action_item_is_agreed_with_its_owner_and_due_date(app, client, auth, casey_network):
    auth.login()
    response = add_item(client, casey_network)
    assert response.status_code == 303 and response.headers["Location"].endswith("#section-actions")
    found = item(app)
    assert (found.what, found.owner_id, found.due_on, found.created_by_id, found.done_at) == (
        "Call the clinic", casey_network["mia"], date(2026, 1, 20), casey_network["casey"], None)
    body = client.get(url(casey_network)).get_data(as_text=True)
    assert "Call the clinic" in body and "Mia Partner" in body


def test_the_owner_is_the_client_or_a_participant_and_the_form_keeps_what_was_typed(client, auth, casey_network):
    auth.login()
    response = add_item(client, casey_network, owner_id=str(casey_network["nia"]), what="Book the bus")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="item-owner-error">Please choose who will do it.' in body and 'value="Book the bus"' in body
    assert "Nia Friend" not in body


def test_a_due_date_that_has_passed_gets_a_message_beside_it(client, auth, casey_network):
    auth.login()
    # Friday the 16th in Auckland: Thursday the 15th has passed there (though not yet in London).
    body = add_item(client, casey_network, due_on="2026-01-15").get_data(as_text=True)
    assert 'id="item-due-error">That date has passed. Please choose today or later.' in body
    assert 'value="2026-01-15"' in body


def test_an_item_needs_words(client, auth, casey_network):
    auth.login()
    body = add_item(client, casey_network, what="").get_data(as_text=True)
    assert 'id="item-what-error">Please say what will be done.' in body


def test_ticking_records_who_and_when_and_so_does_unticking(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network)
    tick = f"/checkins/{casey_network['casey']}/items/{item(app).id}/tick"
    sign_in_as(client, "mia@example.org")
    assert client.post(tick, data={"done": "1", "day": FRIDAY.isoformat()}).status_code == 303
    done = item(app)
    assert done.done_at is not None and done.ticked_by_id == casey_network["mia"]
    sign_in_as(client, "casey@example.org")
    client.post(tick, data={"done": "0", "day": FRIDAY.isoformat()})
    reopened = item(app)
    assert reopened.done_at is None and reopened.ticked_by_id == casey_network["casey"]
    assert "Opened again by Casey Client" in client.get(url(casey_network)).get_data(as_text=True)


def test_two_phones_ticking_the_same_item_done_leave_it_done(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network)
    tick = f"/checkins/{casey_network['casey']}/items/{item(app).id}/tick"
    client.post(tick, data={"done": "1"})
    first = item(app).done_at
    client.post(tick, data={"done": "1"})  # the second phone still showed it open
    assert item(app).done_at == first


def test_with_htmx_a_tick_returns_only_its_block(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network)
    tick = f"/checkins/{casey_network['casey']}/items/{item(app).id}/tick"
    body = client.post(tick, data={"done": "1", "day": FRIDAY.isoformat()},
                       headers={"HX-Request": "true"}).get_data(as_text=True)
    assert body.lstrip().startswith('<section class="card agenda-section" id="section-actions"')


def test_a_member_with_the_scope_who_does_not_take_part_cannot_tick_or_add(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network)
    sign_in_as(client, "nia@example.org")
    assert client.post(f"/checkins/{casey_network['casey']}/items/{item(app).id}/tick",
                       data={"done": "1"}).status_code == 404
    assert add_item(client, casey_network).status_code == 404
    assert item(app).done_at is None


def test_the_next_checkin_opens_with_last_weeks_open_items(app, client, auth, casey_network):
    with app.app_context():
        last_week = Checkin(client_id=casey_network["casey"], held_on=FRIDAY - timedelta(days=7))
        db.session.add(last_week)
        db.session.flush()
        db.session.add_all([
            ActionItem(client_id=casey_network["casey"], checkin_id=last_week.id, what="STILL-OPEN",
                       owner_id=casey_network["mia"]),
            ActionItem(client_id=casey_network["casey"], checkin_id=last_week.id, what="ALREADY-DONE",
                       owner_id=casey_network["mia"], done_at=utcnow())])
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/checkins/{casey_network['casey']}/next", follow_redirects=True).get_data(as_text=True)
    carried = body[body.index('id="carried"'):body.index('id="section-wellbeing"')]
    assert "STILL-OPEN" in carried and "ALREADY-DONE" not in body
    with app.app_context():
        open_items, last = open_items_and_last_checkin(casey_network["casey"])
        assert [i.what for i in open_items] == ["STILL-OPEN"] and last.held_on == FRIDAY - timedelta(days=7)


def test_an_owner_sees_their_open_items_on_their_home_page(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network, what="MIA-TASK")
    add_item(client, casey_network, what="CASEY-TASK", owner_id=str(casey_network["casey"]))
    home = client.get("/").get_data(as_text=True)
    assert "Your action items" in home and "CASEY-TASK" in home and "MIA-TASK" not in home
    sign_in_as(client, "mia@example.org")
    home = client.get("/").get_data(as_text=True)
    assert "MIA-TASK" in home and "Casey Client's check-in" in home and "CASEY-TASK" not in home


def test_a_done_item_and_a_removed_members_item_leave_home(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network, what="MIA-TASK")
    with app.app_context():
        card = db.session.get(Contact, casey_network["mia_card"])
        card.member_id, card.grants = None, []
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    assert "MIA-TASK" not in client.get("/").get_data(as_text=True)


def _owner_phone(app, user_id):
    with app.app_context():
        db.session.add(PushSubscription(user_id=user_id, endpoint=f"https://push.example.org/{user_id}",
                                        p256dh="k", auth="a"))
        db.session.commit()


def _pushes(app, at):
    with app.app_context():
        queue_day_before_pushes(at)
        return db.session.scalars(select(Delivery)).all(), db.session.scalars(select(Notification)).all()


def test_the_owner_gets_one_discreet_push_the_day_before_on_their_own_clock(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network, due_on="2026-01-20")  # Mia's Tuesday, in New York
    _owner_phone(app, casey_network["mia"])
    # 09:59 on Monday the 19th in New York (14:59 UTC): not yet.
    assert _pushes(app, datetime(2026, 1, 19, 14, 59, tzinfo=timezone.utc)) == ([], [])
    # 10:00 there: once, however often the worker looks.
    for minute in (0, 1, 30):
        deliveries, notices = _pushes(app, datetime(2026, 1, 19, 15, minute, tzinfo=timezone.utc))
    assert len(deliveries) == 1 and len(notices) == 1
    shown = json.loads(deliveries[0].payload)
    assert (shown["title"], shown["body"]) == ("Message", "You have something to do tomorrow")
    assert "clinic" not in deliveries[0].payload
    assert (notices[0].user_id, notices[0].text, notices[0].link) == (
        casey_network["mia"], "Due tomorrow: Call the clinic", f"/checkins/{casey_network['casey']}")


def test_no_push_once_the_due_day_has_come_or_the_item_is_done(app, client, auth, casey_network):
    auth.login()
    add_item(client, casey_network, due_on="2026-01-20")
    add_item(client, casey_network, due_on="2026-01-21", what="Done early")
    with app.app_context():
        db.session.scalar(select(ActionItem).where(ActionItem.what == "Done early")).done_at = utcnow()
        db.session.commit()
    # 00:30 on Tuesday the 20th in New York: the day before has gone by.
    assert _pushes(app, datetime(2026, 1, 20, 5, 30, tzinfo=timezone.utc))[1] == []
    assert _pushes(app, datetime(2026, 1, 20, 15, 0, tzinfo=timezone.utc))[1] == []


def test_the_agenda_carries_open_items_from_the_last_four_weeks_only(app, client, auth, casey_network):
    """Years of untouched items never make one meeting's page longer (they stay on the owner's Home)."""
    with app.app_context():
        for weeks, what in ((4, "FOUR-WEEKS-AGO"), (5, "FIVE-WEEKS-AGO")):
            earlier = Checkin(client_id=casey_network["casey"], held_on=FRIDAY - timedelta(weeks=weeks))
            db.session.add(earlier)
            db.session.flush()
            db.session.add(ActionItem(client_id=casey_network["casey"], checkin_id=earlier.id, what=what,
                                      owner_id=casey_network["casey"]))
        db.session.commit()
    auth.login()
    body = client.get(url(casey_network)).get_data(as_text=True)
    assert "FOUR-WEEKS-AGO" in body and "FIVE-WEEKS-AGO" not in body
    assert "FIVE-WEEKS-AGO" in client.get("/").get_data(as_text=True)
