"""Rewards tell a member nothing the client did not share: tried as an attacker would.

Nia is in two networks and was granted nothing in either. Whatever she pledges, her pages and her
inbox must read the same whether the client is on day 46 or 47, logged today or not, slipped or not.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Reward
from recoverynet.timeutil import local_today
from tests.helpers import make_user
from tests.network_world import add_member, sign_in_as

# Day counts are set from local_today and read again by the app: the same moment every run.
pytestmark = pytest.mark.usefixtures("a_fixed_evening")
OFFER = {"title": "Cinema", "kind": "outing", "when": "sober_days", "target": "47", "note": ""}


def set_days(app, client_id, days):
    with app.app_context():
        user = db.session.get(User, client_id)
        user.sober_since = local_today(user.timezone) - timedelta(days=days)
        db.session.commit()


@pytest.fixture
def nia(app, people):
    """Nia supports Casey and Oli, and neither shares anything with her."""
    nia_id, _ = add_member(app, people["client"], "nia@example.org", "Nia")
    with app.app_context():
        db.session.add(Contact(client_id=people["other_client"], name="Nia", member_id=nia_id, relationship="friend"))
        db.session.commit()
    return nia_id


@pytest.fixture
def twins(app, nia):
    """Two clients Nia supports, alike in every way she can see: both called Sam."""
    with app.app_context():
        ids = [make_user(f"sam{n}@example.org", "Sam Client").id for n in (1, 2)]
        for client_id in ids:
            db.session.add(Contact(client_id=client_id, name="Nia", member_id=nia, relationship="friend"))
        db.session.commit()
    return ids


def rewards_of(app, client_id):
    with app.app_context():
        return db.session.scalars(select(Reward).where(Reward.client_id == client_id).order_by(Reward.id)).all()


def inbox(app, user_id):
    with app.app_context():
        return db.session.scalars(select(Notification.text).where(Notification.user_id == user_id)
                                  .order_by(Notification.id)).all()


def offer(client, client_id, **form):
    return client.post(f"/support/{client_id}/rewards/new", data={**OFFER, **form})


def accept_all(client, app, email, client_id):
    sign_in_as(client, email)
    for reward in rewards_of(app, client_id):
        client.post(f"/rewards/{reward.id}/accept")


def accepted_offer(client, app, client_id, **form):
    """Nia offers a reward to Casey, and Casey accepts it; Casey's phone stays signed in."""
    sign_in_as(client, "nia@example.org")
    offer(client, client_id, **form)
    accept_all(client, app, "casey@example.org", client_id)
    return rewards_of(app, client_id)[-1]


def today_for(app, user_id) -> str:
    with app.app_context():
        return local_today(db.session.get(User, user_id).timezone).isoformat()


def what_nia_sees(client, app, client_id) -> str:
    """Every page Nia can open about this client and her rewards to them, with ids blanked."""
    sign_in_as(client, "nia@example.org")
    pages = [client.get(f"/support/{client_id}").get_data(as_text=True)]
    pages += [client.get(f"/rewards/{r.id}").get_data(as_text=True) for r in rewards_of(app, client_id)]
    pages.append(client.get("/notifications").get_data(as_text=True))
    text = "\n".join(pages).replace(f"/support/{client_id}", "/support/CLIENT")
    return re.sub(r"/rewards/\d+", "/rewards/REWARD", text)


def test_a_member_without_sober_days_can_only_offer_a_day_count_reward(app, client, people, nia):
    sign_in_as(client, "nia@example.org")
    page = client.get(f"/support/{people['client']}/rewards/new").get_data(as_text=True)
    assert "At a number of sober days (as an offer)" in page
    offer(client, people["client"])
    [reward] = rewards_of(app, people["client"])
    assert reward.status == "offered"
    assert "offers you a reward" in inbox(app, people["client"])[0]


def test_a_member_without_sober_days_cannot_tell_46_from_47_days(app, client, twins):
    """Eleven pledges would binary-search the count; one pledge at the edge is the whole attack."""
    day_46, day_47 = twins
    set_days(app, day_46, 46)
    set_days(app, day_47, 47)
    sign_in_as(client, "nia@example.org")
    for client_id in twins:
        offer(client, client_id)
    for n, client_id in enumerate(twins, start=1):
        accept_all(client, app, f"sam{n}@example.org", client_id)
    assert [r.status for r in rewards_of(app, day_46)] == ["pledged"]
    assert [r.status for r in rewards_of(app, day_47)] == ["unlocked"]
    assert what_nia_sees(client, app, day_46) == what_nia_sees(client, app, day_47)
    assert inbox(app, nia := rewards_of(app, day_46)[0].giver_id) == ["Sam Client accepted your offer “Cinema”."] * 2


def test_a_member_without_sober_days_is_not_told_about_a_new_count(app, client, people, nia):
    set_days(app, people["client"], 20)
    accepted_offer(client, app, people["client"], target="30")
    before = what_nia_sees(client, app, people["client"])
    sign_in_as(client, "casey@example.org")
    today = today_for(app, people["client"])
    client.post("/slip", data={"happened_on": today, "count": "restart", "new_sober_since": today})
    assert not any("new count" in text for text in inbox(app, nia))
    assert rewards_of(app, people["client"])[0].giver_should_review is False
    assert what_nia_sees(client, app, people["client"]) == before


def test_a_member_without_checkins_cannot_tell_that_the_client_logged_today(app, client, people, nia):
    accepted_offer(client, app, people["client"], when="checkins", target="1")
    before = what_nia_sees(client, app, people["client"])
    sign_in_as(client, "casey@example.org")
    client.post("/log", data={"mood": "3"})
    assert rewards_of(app, people["client"])[0].status == "unlocked"
    assert what_nia_sees(client, app, people["client"]) == before


def test_a_member_without_checkins_cannot_tell_that_the_client_went_to_a_meeting(app, client, people, nia):
    accepted_offer(client, app, people["client"], when="meetings", target="1")
    before = what_nia_sees(client, app, people["client"])
    sign_in_as(client, "casey@example.org")
    client.post("/meetings", data={"attended_on": today_for(app, people["client"]), "kind": "smart"})
    assert rewards_of(app, people["client"])[0].status == "unlocked"
    assert what_nia_sees(client, app, people["client"]) == before


def test_redeeming_an_offered_reward_tells_the_giver_nothing(app, client, people, nia):
    set_days(app, people["client"], 50)
    accepted_offer(client, app, people["client"])
    before = what_nia_sees(client, app, people["client"])
    sign_in_as(client, "casey@example.org")
    [reward] = rewards_of(app, people["client"])
    client.post(f"/rewards/{reward.id}/redeem")
    assert rewards_of(app, people["client"])[0].status == "redeemed"
    assert what_nia_sees(client, app, people["client"]) == before


def test_the_client_chooses_to_tell_the_giver_it_was_earned(app, client, people, nia):
    set_days(app, people["client"], 50)
    reward = accepted_offer(client, app, people["client"])
    page = client.get(f"/rewards/{reward.id}").get_data(as_text=True)
    assert "Nia doesn't know you've earned this" in page
    client.post(f"/rewards/{reward.id}/tell")
    assert inbox(app, nia)[-1] == "Casey Client earned “Cinema” and wanted you to know."
    sign_in_as(client, "nia@example.org")
    assert "Unlocked" in client.get(f"/rewards/{reward.id}").get_data(as_text=True)


def test_thanking_for_an_offered_reward_says_it_tells_the_giver(app, client, people, nia):
    set_days(app, people["client"], 50)
    reward = accepted_offer(client, app, people["client"])
    assert "Sending thanks also tells Nia you earned it." in client.get(f"/rewards/{reward.id}").get_data(as_text=True)
    client.post(f"/rewards/{reward.id}/thank", data={"thanks": "Thank you"})
    assert rewards_of(app, people["client"])[0].giver_told_at is not None


def test_the_giver_learns_only_that_the_offer_was_accepted(app, client, people, nia):
    accepted_offer(client, app, people["client"])
    assert inbox(app, nia) == ["Casey Client accepted your offer “Cinema”."]
    sign_in_as(client, "nia@example.org")
    assert "Accepted" in client.get(f"/support/{people['client']}").get_data(as_text=True)


def test_a_declined_offer_leaves_the_clients_list_and_the_giver_hears(app, client, people, nia):
    sign_in_as(client, "nia@example.org")
    offer(client, people["client"])
    sign_in_as(client, "casey@example.org")
    [reward] = rewards_of(app, people["client"])
    client.post(f"/rewards/{reward.id}/decline")
    assert "Cinema" not in client.get("/rewards").get_data(as_text=True)
    assert inbox(app, nia) == ["Casey Client said no thanks to “Cinema” for now."]


@pytest.mark.parametrize("days", [46, 47])
def test_withdrawing_an_accepted_offer_answers_the_same_earned_or_not(app, client, people, nia, days):
    set_days(app, people["client"], days)
    accepted_offer(client, app, people["client"])
    sign_in_as(client, "nia@example.org")
    [reward] = rewards_of(app, people["client"])
    response = client.post(f"/rewards/{reward.id}/withdraw", follow_redirects=True)
    assert "This reward can&#39;t be withdrawn now. If things have changed, talk to Casey Client." in \
        response.get_data(as_text=True)
    assert rewards_of(app, people["client"])[0].status == ("pledged" if days == 46 else "unlocked")


def test_an_offer_can_be_withdrawn_before_the_client_answers(app, client, people, nia):
    sign_in_as(client, "nia@example.org")
    offer(client, people["client"])
    [reward] = rewards_of(app, people["client"])
    client.post(f"/rewards/{reward.id}/withdraw")
    assert rewards_of(app, people["client"])[0].status == "withdrawn"


def test_a_pledge_stops_reporting_once_the_scope_is_taken_back(app, client, people):
    mia, card = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days"])
    set_days(app, people["client"], 10)
    sign_in_as(client, "mia@example.org")
    offer(client, people["client"], target="11")
    assert rewards_of(app, people["client"])[0].status == "pledged"
    with app.app_context():
        db.session.get(Contact, card).grants = []
        db.session.commit()
    set_days(app, people["client"], 11)
    sign_in_as(client, "casey@example.org")
    client.post("/log", data={"mood": "3"})  # an event that unlocks
    assert rewards_of(app, people["client"])[0].status == "unlocked"
    assert not any("reached the milestone" in text for text in inbox(app, mia))
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert "Pledged" in page and "Unlocked" not in page


def test_a_member_with_the_scope_still_pledges_directly_and_hears_the_unlock(app, client, people):
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days"])
    set_days(app, people["client"], 50)
    sign_in_as(client, "mia@example.org")
    offer(client, people["client"])
    assert rewards_of(app, people["client"])[0].status == "unlocked"
    assert inbox(app, mia) == ["Casey Client reached the milestone for “Cinema”."]


def test_another_clients_rewards_are_untouched_by_an_answer(app, client, people, nia):
    sign_in_as(client, "nia@example.org")
    offer(client, people["client"])
    offer(client, people["other_client"])
    accept_all(client, app, "casey@example.org", people["client"])
    assert [r.status for r in rewards_of(app, people["other_client"])] == ["offered"]
    sign_in_as(client, "casey@example.org")
    [oli_reward] = rewards_of(app, people["other_client"])
    assert client.post(f"/rewards/{oli_reward.id}/accept").status_code == 404
