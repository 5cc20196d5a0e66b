"""Deleting an account: nothing of the person is left, the rest of the world is as it was.

Casey (client) has a row in every table (tests/deletion_world.py); Oli's world stands beside hers
(second_world) and must come through row for row.
"""
from sqlalchemy import func, select

from recoverynet.auth.models import AuthSession, DeletedAccountSession, User
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.notifications.models import Notification
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.rewards.models import Encouragement, Reward, RewardStatus
from tests.deletion_world import build_casey_world, every_row, owned_rows, rows_pointing_at, rows_with_address
from tests.helpers import PASSWORD
from tests.network_world import sign_in_as

FORGET_THIS_DEVICE = '"cache", "storage"'
WIPE_THIS_DEVICE = '"cache", "cookies", "storage"'


def signed_in(app, email="casey@example.org", user_agent="Phone"):
    device = app.test_client()
    device.environ_base["HTTP_USER_AGENT"] = user_agent
    assert device.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    return device


def delete_my_account(device, password=PASSWORD):
    return device.post("/settings/delete", data={"password": password})


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# ---- The confirm page ----

def test_settings_links_to_deleting_the_account(app, client, people):
    sign_in_as(client, "casey@example.org")
    assert 'href="/settings/delete"' in client.get("/settings").text


def test_the_confirm_page_says_what_goes_and_asks_for_the_password(app, client, people):
    build_casey_world(app, people["client"])
    sign_in_as(client, "casey@example.org")
    page = client.get("/settings/delete")
    assert page.status_code == 200 and page.headers["Cache-Control"].startswith("no-store")
    for words in ("Your log: every entry", "Your crisis plan", "Your network map", "Rewards and messages",
                  "The 2 people in your network lose access at once.",
                  "2 rewards pledged to you and not reached yet are withdrawn", 'type="password"'):
        assert words in page.text


def test_a_member_is_told_their_card_stays_with_the_people_they_support(app, client, people):
    build_casey_world(app, people["client"])
    sign_in_as(client, "mia@example.org")  # who reads RecoveryNet in Spanish
    page = client.get("/settings/delete").text
    assert "Casey Client" in page and "como de alguien que ya no está en su red" in page and "Tus registros" not in page


# ---- The password ----

def test_a_wrong_password_deletes_nothing_and_says_so(app, client, people, second_world):
    build_casey_world(app, people["client"])
    sign_in_as(client, "casey@example.org")
    with app.app_context():
        before = every_row()
    response = delete_my_account(client, "not my password")
    assert response.status_code == 422 and "That isn&#39;t your password. Nothing was deleted." in response.text
    with app.app_context():
        after = every_row()
    after["login_attempt"] = before["login_attempt"]  # the failure is counted, as at sign-in
    assert after == before


def test_wrong_passwords_are_slowed_down_as_at_sign_in(app, client, people):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT=2)
    sign_in_as(client, "casey@example.org")
    for _ in range(2):
        delete_my_account(client, "guess")
    response = delete_my_account(client, PASSWORD)
    assert response.status_code == 429 and "Retry-After" in response.headers
    with app.app_context():
        assert db.session.get(User, people["client"]) is not None


# ---- Nothing of the person is left ----

def test_after_deleting_a_client_no_row_points_at_them(app, client, people, second_world):
    casey = people["client"]
    build_casey_world(app, casey)
    with app.app_context():
        owned = owned_rows(casey)
        assert len(owned) >= 15  # the walk found the world: entries, triggers, cards, grants, plan...
    sign_in_as(client, "casey@example.org")
    assert delete_my_account(client).status_code == 303
    with app.app_context():
        assert rows_pointing_at(casey) == {}
        assert owned_rows(casey) == {}
        left = every_row()
        assert {table: keys & set(left[table]) for table, keys in owned.items() if keys & set(left[table])} == {}
        assert rows_with_address("casey@example.org") == {}


def test_the_other_clients_world_is_untouched_row_for_row(app, client, people, second_world):
    build_casey_world(app, people["client"])
    with app.app_context():
        others = {name: set(keys) for person in (second_world["oli"], second_world["ola"])
                  for name, keys in owned_rows(person).items()}
        before = every_row()
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    with app.app_context():
        after = every_row()
    for table, keys in others.items():
        assert {key: after[table].get(key) for key in keys} == {key: before[table][key] for key in keys}, table


def test_what_others_were_told_about_the_client_goes_with_it(app, client, people):
    casey = people["client"]
    world = build_casey_world(app, casey)
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    with app.app_context():
        links = db.session.scalars(select(Notification.link).where(Notification.user_id == world["mia"])).all()
        assert links == ["/support"]  # only the notice that the account was closed
        assert count(Delivery, Delivery.payload.contains(f"/support/{casey}")) == 0


def test_members_lose_access_at_once(app, client, people):
    casey = people["client"]
    build_casey_world(app, casey)
    mia = signed_in(app, "mia@example.org")
    assert mia.get(f"/support/{casey}").status_code == 200
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    assert mia.get(f"/support/{casey}").status_code == 404


def test_push_subscriptions_and_deliveries_are_deleted(app, client, people):
    casey = people["client"]
    build_casey_world(app, casey)
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    with app.app_context():
        assert count(PushSubscription) == 0 and count(Delivery, Delivery.user_id == casey) == 0


# ---- The givers ----

def test_each_giver_of_a_pending_reward_is_told_neutrally_in_their_own_language(app, client, people):
    world = build_casey_world(app, people["client"])
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    with app.app_context():
        told = {row.user_id: (row.kind, row.text) for row in db.session.scalars(
            select(Notification).where(Notification.user_id.in_([world["mia"], world["nia"]])))}
    assert told == {
        world["mia"]: ("account_closed", "Casey Client cerró su cuenta de RecoveryNet; se retiró la recompensa "
                                         "que prometiste."),
        world["nia"]: ("account_closed", "Casey Client closed their RecoveryNet account; the reward you pledged "
                                         "was withdrawn."),
    }


# ---- Every device ----

def test_this_device_is_wiped_and_told_the_account_is_gone(app, client, people):
    sign_in_as(client, "casey@example.org")
    response = delete_my_account(client)
    assert response.headers["Location"] == "/account-deleted"
    assert response.headers["Clear-Site-Data"] == WIPE_THIS_DEVICE
    assert "Your account is deleted" in client.get("/account-deleted").text


def test_sessions_on_other_devices_end_and_keep_nothing_of_the_person(app, client, people):
    tablet = signed_in(app, user_agent="Tablet")
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    with app.app_context():
        assert count(AuthSession) == 0
        assert count(DeletedAccountSession) == 2  # two hashes, naming nobody
    response = tablet.get("/log")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert response.headers["Clear-Site-Data"] == FORGET_THIS_DEVICE


def test_another_device_is_sent_to_sign_in_with_a_calm_word(app, client, people):
    tablet = signed_in(app, user_agent="Tablet")
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    page = tablet.get("/", follow_redirects=True)
    assert "This account was deleted. This device is signed out" in page.text and "Sign in" in page.text
    assert "Clear-Site-Data" not in tablet.get("/").headers  # told once; it is signed out now


def test_another_devices_crisis_page_drops_its_offline_copy_and_stays_open(app, client, people):
    tablet = signed_in(app, user_agent="Tablet")
    sign_in_as(client, "casey@example.org")
    delete_my_account(client)
    response = tablet.get("/crisis")
    assert response.status_code == 200 and response.headers["X-Crisis-Plan"] == "generic"
    assert response.headers["Clear-Site-Data"] == FORGET_THIS_DEVICE


def test_a_session_that_merely_expired_is_not_taken_for_a_deleted_account(app, client, people):
    tablet = signed_in(app, user_agent="Tablet")
    with app.app_context():
        db.session.execute(AuthSession.__table__.delete())
        db.session.commit()
    response = tablet.get("/crisis")
    assert "Clear-Site-Data" not in response.headers


# ---- A member deletes their account ----

def test_a_deleted_members_card_stays_on_the_map_without_an_account(app, client, people, second_world):
    casey = people["client"]
    world = build_casey_world(app, casey)
    sign_in_as(client, "mia@example.org")
    delete_my_account(client)
    with app.app_context():
        card = db.session.get(Contact, world["mia_card"])
        assert (card.client_id, card.name, card.member_id, card.joined_at) == (casey, "Mia", None, None)
        assert count(Grant, Grant.contact_id == card.id) == 0
        assert rows_pointing_at(world["mia"]) == {} and rows_with_address("mia@example.org") == {}


def test_a_deleted_members_encouragement_stays_marked_as_from_a_former_member(app, client, people):
    world = build_casey_world(app, people["client"])
    sign_in_as(client, "mia@example.org")
    delete_my_account(client)
    with app.app_context():
        message = db.session.scalar(select(Encouragement).where(Encouragement.text == "Proud of you, from Mia"))
        assert message.sender_id is None
    sign_in_as(client, "casey@example.org")
    page = client.get("/rewards").text
    assert "Proud of you, from Mia" in page and "A former member" in page
    assert "Mia Member" not in page and world


def test_a_deleted_members_pending_pledge_is_withdrawn_and_an_unlocked_reward_kept(app, client, people):
    world = build_casey_world(app, people["client"])
    sign_in_as(client, "mia@example.org")
    delete_my_account(client)
    with app.app_context():
        pledge, unlocked = db.session.get(Reward, world["pledge"]), db.session.get(Reward, world["unlocked"])
        assert (pledge.status, pledge.giver_id) == (RewardStatus.WITHDRAWN, None)
        assert (unlocked.status, unlocked.giver_id) == (RewardStatus.UNLOCKED, None)
    sign_in_as(client, "casey@example.org")
    assert "from a former member" in client.get("/rewards").text


def test_the_client_is_told_neutrally_when_a_member_closes_their_account(app, client, people):
    casey = people["client"]
    world = build_casey_world(app, casey)
    sign_in_as(client, "mia@example.org")
    delete_my_account(client)
    with app.app_context():
        notice = db.session.scalars(select(Notification).where(Notification.user_id == casey)
                                    .order_by(Notification.id.desc())).first()
    assert (notice.kind, notice.link) == ("account_closed", f"/network/{world['mia_card']}")
    assert notice.text == ("Mia closed their RecoveryNet account, and the rewards they pledged were withdrawn. "
                           "Their card stays on your map, without an account.")


# ---- Only for oneself ----

def test_deleting_needs_a_sign_in(app, client, people):
    response = client.post("/settings/delete", data={"password": PASSWORD})
    assert response.status_code in (302, 303) and response.headers["Location"].startswith("/login")
    with app.app_context():
        assert count(User) == 2


def test_deleting_takes_only_the_signed_in_persons_account(app, client, people, second_world):
    casey = people["client"]
    build_casey_world(app, casey)
    with app.app_context():
        caseys = owned_rows(casey)
        before = every_row()
    sign_in_as(client, "oli@example.org")
    assert delete_my_account(client).status_code == 303
    with app.app_context():
        after = every_row()
        assert db.session.get(User, second_world["oli"]) is None
    for table, keys in caseys.items():
        assert {key: after[table].get(key) for key in keys} == {key: before[table][key] for key in keys}, table
