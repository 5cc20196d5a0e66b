"""Two clients side by side: what Casey does, and what her network sees, never touches or shows
Oli's network (tests/network_world.py builds it: Ola supports Oli with every scope)."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.meetings.models import Meeting
from recoverynet.network.invites import create_invite, find_invite
from recoverynet.network.models import Contact, Invite
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Reward
from recoverynet.rewards.unlock import progress, unlock_due_rewards
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import make_user
from tests.network_world import OLI_SECRETS, add_member, oli_snapshot, sign_in_as

# The same hour every run: no day starts while a test runs.
pytestmark = pytest.mark.usefixtures("a_fixed_evening")


CASEY_PAGES = ("/", "/log", "/rewards", "/notifications", "/crisis", "/meetings", "/network", "/support")


@pytest.fixture
def mia(app, people):
    """Mia supports Casey: she sees her days and check-ins and accepts crisis alerts."""
    member_id, _ = add_member(app, people["client"], "mia@example.org", "Mia",
                              scopes=["sober_days", "checkins", "crisis_alerts"])
    return member_id


@pytest.fixture
def before(app, second_world):
    """Oli's network as it stood before the test did anything on Casey's side."""
    return oli_snapshot(app, second_world["oli"])


def set_sober_days(app, user_id, days):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.sober_since = local_today(user.timezone) - timedelta(days=days)
        db.session.commit()


def pledge(app, client_id, giver_id, title, kind="sober_days", target=30, pledged_days_ago=0) -> int:
    with app.app_context():
        reward = Reward(client_id=client_id, giver_id=giver_id, title=title, milestone_kind=kind,
                        milestone_target=target, pledged_at=utcnow() - timedelta(days=pledged_days_ago))
        db.session.add(reward)
        db.session.commit()
        return reward.id


def status_of(app, reward_id) -> str:
    with app.app_context():
        return db.session.get(Reward, reward_id).status


def inbox(app, user_id) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(Notification.text).where(Notification.user_id == user_id)
                                  .order_by(Notification.id)).all()


def assert_nothing_of_olis_shown(client, people, *emails):
    """Every page Casey and each of her members opens is free of Oli's words."""
    for email in ("casey@example.org", *emails):
        sign_in_as(client, email)
        pages = CASEY_PAGES + ((f"/support/{people['client']}",) if email != "casey@example.org" else ())
        for url in pages:
            body = client.get(url).get_data(as_text=True)
            assert not [secret for secret in OLI_SECRETS if secret in body], f"{email} {url}"


# ---- Crisis alerts ----

def test_caseys_alert_never_reaches_olis_member(app, client, people, mia, second_world, before):
    sign_in_as(client, "casey@example.org")
    assert "Tells the 1 person who agreed" in client.get("/crisis").get_data(as_text=True)
    response = client.post("/crisis/alert", data={"device_id": str(uuid.uuid4())})
    assert response.headers["Location"] == "/crisis/alerted?n=1"
    assert [text for text in inbox(app, mia) if "has asked for help" in text]
    assert inbox(app, second_world["ola"]) == []
    assert oli_snapshot(app, second_world["oli"]) == before


# ---- Rewards unlocking ----

def test_reaching_one_milestone_unlocks_that_reward_alone(app, people, mia, second_world, before):
    set_sober_days(app, people["client"], 30)
    reached = pledge(app, people["client"], mia, "Cinema", target=30)
    waiting = pledge(app, people["client"], mia, "Concert", target=60)
    with app.app_context():
        unlocked = unlock_due_rewards(db.session.get(User, people["client"]))
        db.session.commit()  # the caller commits: unlocking never does
        assert [reward.id for reward in unlocked] == [reached]
    assert (status_of(app, reached), status_of(app, waiting)) == ("unlocked", "pledged")
    assert oli_snapshot(app, second_world["oli"]) == before


def test_unlocking_caseys_rewards_leaves_olis_pledge_pledged_and_unnamed(app, client, people, mia, second_world,
                                                                         before):
    # Casey's 30 days are past Oli's 10-day pledge; Oli himself is at 5.
    set_sober_days(app, people["client"], 30)
    pledge(app, people["client"], mia, "Cinema", target=30)
    with app.app_context():
        unlock_due_rewards(db.session.get(User, people["client"]))
        db.session.commit()
    assert status_of(app, second_world["reward"]) == "pledged"
    assert not [text for text in inbox(app, people["client"]) + inbox(app, mia) if "Kayak" in text]
    assert oli_snapshot(app, second_world["oli"]) == before
    assert_nothing_of_olis_shown(client, people, "mia@example.org")


def test_the_unlock_command_unlocks_each_clients_pledges_by_their_own_count(app, runner, people, mia, second_world):
    set_sober_days(app, people["client"], 30)
    caseys = pledge(app, people["client"], mia, "Cinema", target=30)
    runner.invoke(args=["rewards", "unlock"])
    assert (status_of(app, caseys), status_of(app, second_world["reward"])) == ("unlocked", "pledged")
    set_sober_days(app, people["other_client"], 10)
    runner.invoke(args=["rewards", "unlock"])
    assert status_of(app, second_world["reward"]) == "unlocked"
    assert [text for text in inbox(app, second_world["ola"]) if "Kayak for Oli" in text]
    assert not [text for text in inbox(app, people["client"]) + inbox(app, mia) if "Kayak" in text]


def test_a_new_count_is_told_only_to_this_clients_givers(app, client, people, mia, second_world, before):
    set_sober_days(app, people["client"], 40)
    caseys = pledge(app, people["client"], mia, "Cinema", target=60)
    sign_in_as(client, "casey@example.org")
    today = local_today("Europe/London").isoformat()
    response = client.post("/slip", data={"happened_on": today, "count": "restart", "new_sober_since": today})
    assert response.status_code == 303
    assert [text for text in inbox(app, mia) if "Casey Client has started a new count" in text]
    with app.app_context():
        assert db.session.get(Reward, caseys).giver_should_review is True
    assert not [text for text in inbox(app, second_world["ola"]) if "new count" in text]
    assert oli_snapshot(app, second_world["oli"]) == before


# ---- What counts toward a reward ----

def test_another_clients_checkins_never_count_toward_caseys_reward(app, people, mia, second_world):
    # Oli's three entries are from the last hours, after Casey's pledge of two days ago.
    reward_id = pledge(app, people["client"], mia, "Cinema", kind="checkins", target=2, pledged_days_ago=2)
    with app.app_context():
        db.session.add(Entry(user_id=people["client"], device_id=str(uuid.uuid4()), mood=3))
        db.session.commit()
        casey = db.session.get(User, people["client"])
        assert progress(db.session.get(Reward, reward_id), casey) == 1
        assert unlock_due_rewards(casey) == []


def test_checkins_from_before_the_pledge_never_count(app, people, mia, second_world):
    reward_id = pledge(app, people["client"], mia, "Cinema", kind="checkins", target=2, pledged_days_ago=2)
    with app.app_context():
        db.session.add_all(Entry(user_id=people["client"], device_id=str(uuid.uuid4()), mood=3,
                                 logged_at=utcnow() - timedelta(days=days)) for days in (3, 4, 5, 1))
        db.session.commit()
        casey = db.session.get(User, people["client"])
        assert progress(db.session.get(Reward, reward_id), casey) == 1
        assert unlock_due_rewards(casey) == []


def test_another_clients_meetings_never_count_toward_caseys_reward(app, people, mia, second_world):
    # Oli went to meetings today and yesterday; Casey pledged two days ago and went once.
    reward_id = pledge(app, people["client"], mia, "Cinema", kind="meetings", target=2, pledged_days_ago=2)
    with app.app_context():
        db.session.add(Meeting(client_id=people["client"], attended_on=local_today("Europe/London"), kind="na"))
        db.session.commit()
        casey = db.session.get(User, people["client"])
        assert progress(db.session.get(Reward, reward_id), casey) == 1
        assert unlock_due_rewards(casey) == []


def test_meetings_from_before_the_pledge_never_count(app, people, mia, second_world):
    reward_id = pledge(app, people["client"], mia, "Cinema", kind="meetings", target=2, pledged_days_ago=2)
    with app.app_context():
        today = local_today("Europe/London")
        db.session.add_all(Meeting(client_id=people["client"], attended_on=today - timedelta(days=days), kind="na")
                           for days in (3, 4, 5, 0))
        db.session.commit()
        casey = db.session.get(User, people["client"])
        assert progress(db.session.get(Reward, reward_id), casey) == 1
        assert unlock_due_rewards(casey) == []


# ---- Invites ----

@pytest.fixture
def caseys_invites(app, people, second_world):
    """Two of Casey's cards, each waiting on an open invite: {card name: (card id, token)}."""
    with app.app_context():
        cards = {name: Contact(client_id=people["client"], name=name, relationship="friend")
                 for name in ("Dana", "Eli")}
        db.session.add_all(cards.values())
        db.session.commit()
        return {name: (card.id, create_invite(card)[1]) for name, card in cards.items()}


def still_open(app, token) -> bool:
    with app.app_context():
        return find_invite(token)[1] is None


def test_using_one_invite_leaves_every_other_open_invite_usable(app, client, people, second_world, caseys_invites,
                                                                before):
    with app.app_context():
        make_user("dana@example.org", "Dana", is_client=False)
    sign_in_as(client, "dana@example.org")
    dana_card, dana_token = caseys_invites["Dana"]
    assert client.post(f"/join/{dana_token}").status_code == 303
    with app.app_context():
        assert db.session.get(Contact, dana_card).member_id is not None
    assert not still_open(app, dana_token)
    assert still_open(app, caseys_invites["Eli"][1]) and still_open(app, second_world["invite_token"])
    assert oli_snapshot(app, second_world["oli"]) == before


def test_withdrawing_one_invite_leaves_other_cards_invites_open(app, client, people, second_world, caseys_invites,
                                                               before):
    sign_in_as(client, "casey@example.org")
    dana_card, dana_token = caseys_invites["Dana"]
    assert client.post(f"/network/{dana_card}/invite/withdraw").status_code == 303
    assert not still_open(app, dana_token)
    assert still_open(app, caseys_invites["Eli"][1]) and still_open(app, second_world["invite_token"])
    assert oli_snapshot(app, second_world["oli"]) == before


def test_a_new_invite_for_one_card_leaves_other_cards_invites_open(app, client, people, second_world,
                                                                  caseys_invites, before):
    sign_in_as(client, "casey@example.org")
    assert client.post(f"/network/{caseys_invites['Dana'][0]}/invite").status_code == 200
    assert still_open(app, caseys_invites["Eli"][1]) and still_open(app, second_world["invite_token"])
    assert oli_snapshot(app, second_world["oli"]) == before


def test_a_card_whose_person_joined_gets_no_new_invite_link(app, client, people, mia):
    with app.app_context():
        mia_card = db.session.scalar(select(Contact.id).where(Contact.member_id == mia))
    sign_in_as(client, "casey@example.org")
    response = client.post(f"/network/{mia_card}/invite")
    assert response.status_code == 303
    assert "Mia has already joined." in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Invite).where(Invite.contact_id == mia_card)).all() == []


def test_an_invite_to_a_card_that_joined_since_replaces_no_one(app, client, people, mia):
    """A link made a moment before the card's person joined (another tab, a slow phone) must not
    hand Mia's place, and what Casey shares with her, to whoever opens it."""
    with app.app_context():
        mia_card = db.session.scalar(select(Contact).where(Contact.member_id == mia))
        _, token = create_invite(mia_card)
        make_user("sam@example.org", "Sam", is_client=False)
    sign_in_as(client, "sam@example.org")
    response = client.post(f"/join/{token}")
    assert response.status_code == 409
    # The whole sentence, as the person reads it (a fragment would pass a garbled one).
    assert ('<p class="form-error" role="alert">Someone has already joined with this invite. If it was meant for you,'
            ' ask for a new link.</p>') in response.get_data(as_text=True)
    with app.app_context():
        card = db.session.scalar(select(Contact).where(Contact.client_id == people["client"]))
        assert card.member_id == mia and card.scopes == {"sober_days", "checkins", "crisis_alerts"}
