"""After a new sober date, exactly the right pledges ask their giver what they want
(rewards/unlock.py flag_pledges_after_new_count), and a reward with no milestone has no progress."""
from datetime import date

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Reward
from recoverynet.rewards.unlock import flag_pledges_after_new_count, progress
from tests.helpers import counted_queries
from tests.network_world import add_member


@pytest.fixture
def givers(app, people):
    """Nia may not see Casey's sober days; Mia may."""
    nia, _ = add_member(app, people["client"], "nia@example.org", "Nia", scopes=["checkins"])
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "checkins"])
    return {"nia": nia, "mia": mia}


def add_rewards(app, client_id, *specs) -> list[int]:
    """(giver id, title, milestone kind, status) each, saved in this order."""
    with app.app_context():
        rewards = [Reward(client_id=client_id, giver_id=giver, title=title, milestone_kind=kind, milestone_target=30,
                          status=status) for giver, title, kind, status in specs]
        db.session.add_all(rewards)
        db.session.commit()
        return [reward.id for reward in rewards]


def new_count(app, client_id) -> None:
    with app.app_context():
        flag_pledges_after_new_count(db.session.get(User, client_id))
        db.session.commit()


def flagged(app, reward_ids) -> list[bool]:
    with app.app_context():
        return [db.session.get(Reward, reward_id).giver_should_review for reward_id in reward_ids]


def test_a_new_count_flags_only_pledged_day_count_rewards_whose_giver_may_follow_them(app, people, givers):
    ids = add_rewards(app, people["client"],
                      (givers["nia"], "Nia's cinema", "sober_days", "pledged"),  # first: skipping it stops nothing
                      (givers["mia"], "Mia's cinema", "sober_days", "pledged"),
                      (givers["mia"], "Mia's dinner", "sober_days", "unlocked"),
                      (givers["mia"], "Mia's concert", "checkins", "pledged"))
    new_count(app, people["client"])
    assert flagged(app, ids) == [False, True, False, False]


def test_the_giver_is_asked_in_plain_words_with_a_link_to_the_pledge(app, people, givers):
    [reward_id] = add_rewards(app, people["client"], (givers["mia"], "Cinema", "sober_days", "pledged"))
    new_count(app, people["client"])
    with app.app_context():
        notices = db.session.scalars(select(Notification).where(Notification.user_id == givers["mia"])).all()
        assert [(n.kind, n.text, n.link) for n in notices] == [(
            "pledge_review", "Casey Client has started a new count. Your pledge “Cinema” is still there: keep it as "
            "it is or change it.", f"/rewards/{reward_id}")]


def test_a_reward_given_now_has_no_progress_to_show(app, people):
    with app.app_context():
        casey = db.session.get(User, people["client"])
        casey.sober_since = date(2020, 1, 1)  # days to count, but this reward counts none of them
        assert progress(Reward(client_id=casey.id, title="Flowers", milestone_kind=None), casey) == 0


def flag_for_review(app, reward_ids) -> None:
    """As if a new count had flagged them (or before the giver's scope was taken back)."""
    with app.app_context():
        for reward_id in reward_ids:
            db.session.get(Reward, reward_id).giver_should_review = True
        db.session.commit()


@pytest.mark.parametrize("giver", ["nia", "mia"])
def test_the_support_page_asks_about_a_new_count_only_when_a_pledge_is_flagged(app, client, auth, people, givers,
                                                                                giver):
    add_rewards(app, people["client"], (givers[giver], "Cinema", "sober_days", "pledged"))
    auth.login(f"{giver}@example.org")
    assert "has started a new count" not in client.get(f"/support/{people['client']}").text


def test_a_flagged_pledge_asks_its_giver_who_may_follow_the_days(app, client, auth, people, givers):
    flag_for_review(app, add_rewards(app, people["client"], (givers["mia"], "Cinema", "sober_days", "pledged")))
    auth.login("mia@example.org")
    assert "Casey Client has started a new count" in client.get(f"/support/{people['client']}").text


def test_a_giver_who_may_not_follow_the_days_never_learns_of_a_new_count(app, client, auth, people, givers):
    # Nia can't see sober days: even a pledge flagged for review must not tell her the count started again.
    flag_for_review(app, add_rewards(app, people["client"], (givers["nia"], "Cinema", "sober_days", "pledged")))
    auth.login("nia@example.org")
    page = client.get(f"/support/{people['client']}").text
    assert "Cinema" in page and "has started a new count" not in page


def test_a_flagged_pledge_costs_the_support_page_no_extra_query(app, client, auth, people, givers):
    """Whether its giver may follow the days is read from the card the page already has."""
    [pledge] = add_rewards(app, people["client"], (givers["mia"], "Cinema", "sober_days", "pledged"))
    auth.login("mia@example.org")
    page = f"/support/{people['client']}"
    client.get(page)
    with counted_queries(app) as before:
        client.get(page)
    flag_for_review(app, [pledge])
    with counted_queries(app) as flagged_page:
        assert "Casey Client has started a new count" in client.get(page).text
    assert len(flagged_page) == len(before)
