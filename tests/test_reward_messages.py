"""What each step of a reward tells each person, word for word, and where it leads
(rewards/views.py): giving, pledging, offering, answering an offer, thanking, and the reward page."""
import html
import re

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Reward
from recoverynet.timeutil import utcnow
from tests.network_world import add_member, sign_in_as


@pytest.fixture
def givers(app, people):
    """Mia may follow Casey's sober days; Nia may not (her rewards tied to them are offers)."""
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days"])
    nia, _ = add_member(app, people["client"], "nia@example.org", "Nia", scopes=[])
    return {"mia": mia, "nia": nia}


def give(client, people, email, **form):
    sign_in_as(client, email)
    return client.post(f"/support/{people['client']}/rewards/new",
                       data={"title": "Cinema", "kind": "outing", "when": "sober_days", "target": "30", **form})


def notices(app, user_id) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(n.kind, n.text, n.link) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.id))]


def only_reward(app) -> Reward:
    with app.app_context():
        return db.session.scalars(select(Reward)).one()


def flashes(body: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r'<p class="flash" role="status">(.*?)</p>', body)]


def test_a_reward_given_now_tells_the_client_with_a_link_to_their_rewards(app, client, people, givers):
    give(client, people, "mia@example.org", when="now", title="Flowers")
    assert only_reward(app).milestone_target is None
    assert notices(app, people["client"]) == [("reward_given", "Mia gave you a reward: “Flowers”.", "/rewards")]


def test_a_pledge_tells_the_client_its_milestone_in_plain_words(app, client, people, givers):
    give(client, people, "mia@example.org")
    assert notices(app, people["client"]) == [
        ("reward_pledged", "Mia pledged a reward: “Cinema”, at 30 sober days.", "/rewards")]


def test_an_offer_asks_the_client_to_answer_with_a_link_to_it(app, client, people, givers):
    give(client, people, "nia@example.org")
    reward = only_reward(app)
    assert notices(app, people["client"]) == [(
        "reward_offered", "Nia offers you a reward: “Cinema”, at 30 sober days. Accept it or say no thanks.",
        f"/rewards/{reward.id}")]


def test_accepting_an_offer_opens_it_says_what_happens_next_and_tells_the_giver(app, client, people, givers):
    give(client, people, "nia@example.org")
    reward = only_reward(app)
    sign_in_as(client, "casey@example.org")
    response = client.post(f"/rewards/{reward.id}/accept")
    assert (response.status_code, response.location) == (303, f"/rewards/{reward.id}")
    assert flashes(client.get(response.location).get_data(as_text=True)) == [
        "Accepted. It unlocks by itself when you get there."]
    assert notices(app, givers["nia"]) == [
        ("reward_answered", "Casey Client accepted your offer “Cinema”.", f"/rewards/{reward.id}")]


def test_declining_an_offer_goes_back_to_the_list_and_tells_the_giver(app, client, people, givers):
    give(client, people, "nia@example.org")
    reward = only_reward(app)
    sign_in_as(client, "casey@example.org")
    response = client.post(f"/rewards/{reward.id}/decline")
    assert (response.status_code, response.location) == (303, "/rewards")
    assert flashes(client.get(response.location).get_data(as_text=True)) == ["Done. They'll know you said no thanks."]
    assert notices(app, givers["nia"]) == [
        ("reward_answered", "Casey Client said no thanks to “Cinema” for now.", f"/rewards/{reward.id}")]


def test_the_giver_sees_that_the_offer_was_declined(app, client, people, givers):
    give(client, people, "nia@example.org")
    reward = only_reward(app)
    sign_in_as(client, "casey@example.org")
    client.post(f"/rewards/{reward.id}/decline")
    sign_in_as(client, "nia@example.org")
    assert "Casey Client said no thanks to this one." in client.get(f"/rewards/{reward.id}").text


def test_a_reward_whose_giver_has_left_still_opens_for_the_client(app, client, people, givers):
    give(client, people, "mia@example.org", when="now", title="Flowers")
    with app.app_context():
        db.session.delete(db.session.get(User, givers["mia"]))
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    response = client.get(f"/rewards/{only_reward(app).id}")
    assert response.status_code == 200 and "An outing from a former member for Casey Client · Given now" in response.text


def test_an_empty_thank_you_is_refused_with_a_sentence(app, client, people, givers):
    give(client, people, "mia@example.org", when="now", title="Flowers")
    sign_in_as(client, "casey@example.org")
    response = client.post(f"/rewards/{only_reward(app).id}/thank", data={"thanks": " "})
    assert response.status_code == 422 and "Please write a few words of thanks." in response.text


def test_the_client_sees_an_accepted_offer_unlock_and_may_tell_the_giver(app, client, people, givers):
    give(client, people, "nia@example.org")
    with app.app_context():
        reward = db.session.scalars(select(Reward)).one()
        reward.status, reward.accepted_at, reward.unlocked_at = "unlocked", utcnow(), utcnow()
        db.session.commit()
        reward_id = reward.id
    sign_in_as(client, "casey@example.org")
    body = client.get(f"/rewards/{reward_id}").text
    assert '<p class="status-line">\nUnlocked ' in body and "Tell Nia I earned it" in body


def test_a_giver_who_follows_the_milestone_is_not_offered_to_be_told(app, client, people, givers):
    give(client, people, "mia@example.org", when="now", title="Flowers")
    sign_in_as(client, "casey@example.org")
    body = client.get(f"/rewards/{only_reward(app).id}").text
    assert "Unlocked " in body and "I earned it" not in body


def test_a_reward_that_is_not_yours_is_not_found(app, client, people, givers):
    give(client, people, "mia@example.org", when="now", title="Flowers")
    sign_in_as(client, "oli@example.org")
    assert client.get(f"/rewards/{only_reward(app).id}").status_code == 404


def test_a_reward_that_does_not_exist_is_not_found(client, auth, people):
    auth.login()
    assert client.get("/rewards/999").status_code == 404
