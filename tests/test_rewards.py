"""Encouragement and rewards: pledged to milestones, unlocked exactly once, redeemed and thanked."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.rewards.unlock import unlock_due_rewards
from recoverynet.timeutil import local_today, utcnow
from tests.network_world import add_member, sign_in_as

# Day counts are set from local_today and read again by the app, and one test needs London and
# Sydney on different dates: the same moment every run (20:00 in London, 07:00 next day in Sydney).
pytestmark = pytest.mark.usefixtures("a_fixed_evening")
PLEDGE = {"title": "Dinner at Luigi's", "kind": "meal", "when": "sober_days", "target": "30", "note": "You've got this"}


@pytest.fixture
def mia(app, people):
    member_id, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "checkins"])
    return member_id


def set_sober_since(app, user_id, since, zone=None):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.sober_since = since
        if zone:
            user.timezone = zone
        db.session.commit()


def rewards(app):
    with app.app_context():
        return db.session.scalars(select(Reward).order_by(Reward.id)).all()


def notes_for(app, user_id):
    with app.app_context():
        return db.session.scalars(select(Notification.text).where(Notification.user_id == user_id)
                                  .order_by(Notification.id)).all()


def days_ago(app, user_id, days):
    with app.app_context():
        return local_today(db.session.get(User, user_id).timezone) - timedelta(days=days)


def test_a_member_sends_encouragement_in_two_taps(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert 'name="text" value="I&#39;m proud of you."' in page
    client.post(f"/support/{people['client']}/encourage", data={"text": "I'm proud of you."})
    sign_in_as(client, "casey@example.org")
    assert "I&#39;m proud of you." in client.get("/rewards").get_data(as_text=True)
    assert notes_for(app, people["client"]) == ["Mia: “I'm proud of you.”"]


def test_encouragement_must_be_short(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/encourage", data={"text": "x" * 281})
    with app.app_context():
        assert db.session.scalars(select(Encouragement)).all() == []


def test_a_pledge_waits_for_its_milestone(app, client, people, mia):
    set_sober_since(app, people["client"], days_ago(app, people["client"], 29))
    sign_in_as(client, "mia@example.org")
    assert client.post(f"/support/{people['client']}/rewards/new", data=PLEDGE).status_code == 303
    [reward] = rewards(app)
    assert (reward.status, reward.milestone_kind, reward.milestone_target) == ("pledged", "sober_days", 30)
    assert "pledged a reward" in notes_for(app, people["client"])[0]


def test_a_pledge_unlocks_by_itself_on_the_day_the_count_is_reached(app, client, runner, people, mia):
    set_sober_since(app, people["client"], days_ago(app, people["client"], 29))
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data=PLEDGE)
    set_sober_since(app, people["client"], days_ago(app, people["client"], 30))
    runner.invoke(args=["rewards", "unlock"])  # the worker's minute
    sign_in_as(client, "casey@example.org")
    assert b"Ready to redeem" in client.get("/rewards").data
    assert rewards(app)[0].status == "unlocked"
    assert any("reached the milestone" in n for n in notes_for(app, mia))


def test_a_reward_unlocks_exactly_once(app, people, mia):
    set_sober_since(app, people["client"], days_ago(app, people["client"], 40))
    with app.app_context():
        db.session.add(Reward(client_id=people["client"], giver_id=mia, title="Cinema",
                              milestone_kind="sober_days", milestone_target=30))
        db.session.commit()
        client = db.session.get(User, people["client"])
        assert len(unlock_due_rewards(client)) == 1
        db.session.commit()  # the caller commits: unlocking never does
        assert unlock_due_rewards(client) == []
        db.session.commit()
    assert len(notes_for(app, mia)) == 1 and len(notes_for(app, people["client"])) == 1


def test_unlocking_weighs_only_the_pledges_still_waiting(app, people, mia, monkeypatch):
    """Each entry logged asks whether a pledge is reached: the rewards already unlocked, redeemed
    or given with no milestone are never counted again (a 5-year client has dozens), though the
    claim would refuse them anyway."""
    from recoverynet.rewards import unlock
    set_sober_since(app, people["client"], days_ago(app, people["client"], 40))
    weighed = []
    real = unlock.progress_of
    monkeypatch.setattr(unlock, "progress_of", lambda pledged, client: weighed.extend(r.title for r in pledged)
                        or real(pledged, client))
    with app.app_context():
        db.session.add_all([
            Reward(client_id=people["client"], giver_id=mia, title="Waiting", milestone_kind="sober_days",
                   milestone_target=30),
            Reward(client_id=people["client"], giver_id=mia, title="Redeemed", milestone_kind="sober_days",
                   milestone_target=30, status="redeemed"),
            Reward(client_id=people["client"], giver_id=mia, title="Given now", status="pledged")])
        db.session.commit()
        assert [r.title for r in unlock_due_rewards(db.session.get(User, people["client"]))] == ["Waiting"]
    assert weighed == ["Waiting"]


def test_progress_counts_an_entry_logged_the_moment_of_the_pledge_and_every_kind_after_a_day_count(app, people, mia):
    """The check-ins count from the pledge's own moment on; and a day-count pledge listed first
    leaves the pledges after it still counted."""
    from recoverynet.log.models import Entry
    from recoverynet.rewards.unlock import progress_of
    set_sober_since(app, people["client"], days_ago(app, people["client"], 5))
    with app.app_context():
        moment = utcnow().replace(microsecond=0) - timedelta(hours=1)
        pledges = [Reward(client_id=people["client"], giver_id=mia, title=kind, milestone_kind=kind,
                          milestone_target=30, pledged_at=moment) for kind in ("sober_days", "checkins")]
        db.session.add_all([*pledges, Entry(user_id=people["client"], device_id="at-the-pledge", mood=3,
                                            logged_at=moment)])
        db.session.commit()
        assert list(progress_of(pledges, db.session.get(User, people["client"])).values()) == [5, 1]


def test_two_racing_unlocks_tell_each_person_once(app, people, mia):
    """Two workers load the same pledged reward; the conditional update lets only one through."""
    from recoverynet.rewards.unlock import _claim
    from recoverynet.timeutil import utcnow
    with app.app_context():
        reward = Reward(client_id=people["client"], giver_id=mia, title="Cinema", milestone_kind="sober_days",
                        milestone_target=1)
        db.session.add(reward)
        db.session.commit()
        assert _claim(reward.id, utcnow()) is True
        assert _claim(reward.id, utcnow()) is False


def test_a_time_zone_change_moves_the_day_the_count_is_reached(app, people, mia):
    """Late evening in London is already tomorrow in Sydney: the milestone follows the client's zone."""
    with app.app_context():
        sydney_today = local_today("Australia/Sydney")
        london_today = local_today("Europe/London")
        since = sydney_today - timedelta(days=30)
        set_sober_since(app, people["client"], since, zone="Europe/London")
        db.session.add(Reward(client_id=people["client"], giver_id=mia, title="Cinema",
                              milestone_kind="sober_days", milestone_target=30))
        db.session.commit()
        assert (london_today - since).days == 29  # the fixed evening: Sydney is a day ahead
        assert unlock_due_rewards(db.session.get(User, people["client"])) == []
        set_sober_since(app, people["client"], since, zone="Australia/Sydney")
        unlock_due_rewards(db.session.get(User, people["client"]))
        assert db.session.scalar(select(Reward.status)) == "unlocked"


def test_a_slip_with_a_new_date_never_silently_cancels_a_pledge(app, client, people, mia):
    set_sober_since(app, people["client"], days_ago(app, people["client"], 20))
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data=PLEDGE)
    sign_in_as(client, "casey@example.org")
    today = days_ago(app, people["client"], 0)
    client.post("/slip", data={"happened_on": today.isoformat(), "count": "restart",
                               "new_sober_since": today.isoformat()})
    [reward] = rewards(app)
    assert reward.status == "pledged" and reward.giver_should_review
    assert any("has started a new count" in n for n in notes_for(app, mia))
    sign_in_as(client, "mia@example.org")
    client.post(f"/rewards/{reward.id}/keep")
    assert rewards(app)[0].giver_should_review is False and rewards(app)[0].status == "pledged"


def test_after_a_new_sober_date_the_pledge_counts_from_it(app, people, mia):
    set_sober_since(app, people["client"], days_ago(app, people["client"], 5))
    with app.app_context():
        db.session.add(Reward(client_id=people["client"], giver_id=mia, title="Cinema",
                              milestone_kind="sober_days", milestone_target=7))
        db.session.commit()
        assert unlock_due_rewards(db.session.get(User, people["client"])) == []
    set_sober_since(app, people["client"], days_ago(app, people["client"], 7))
    with app.app_context():
        assert len(unlock_due_rewards(db.session.get(User, people["client"]))) == 1


def test_a_checkins_pledge_counts_entries_from_the_pledge(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "when": "checkins", "target": "2"})
    sign_in_as(client, "casey@example.org")
    client.post("/log", data={"mood": "3"})
    assert rewards(app)[0].status == "pledged"
    client.post("/log", data={"mood": "4"})
    assert rewards(app)[0].status == "unlocked"
    assert "You reached 2 check-ins: “Dinner at Luigi's” is yours." in notes_for(app, people["client"])


def test_a_meetings_pledge_counts_meetings_from_the_pledge(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "when": "meetings", "target": "1"})
    sign_in_as(client, "casey@example.org")
    client.post("/meetings", data={"attended_on": days_ago(app, people["client"], 0).isoformat(), "kind": "smart"})
    [reward] = rewards(app)
    assert reward.status == "unlocked" and reward.unlocked_at is not None
    assert "You reached 1 meeting: “Dinner at Luigi's” is yours." in notes_for(app, people["client"])


def test_a_pledge_with_no_kind_chosen_is_kept_as_other(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    form = {key: value for key, value in PLEDGE.items() if key != "kind"}
    assert client.post(f"/support/{people['client']}/rewards/new", data=form).status_code == 303
    assert [reward.kind for reward in rewards(app)] == ["other"]


def test_a_reward_given_now_is_ready_at_once(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "when": "now", "target": ""})
    assert rewards(app)[0].status == "unlocked"


@pytest.mark.parametrize(("form", "message"), [
    ({**PLEDGE, "title": ""}, "Please say what the reward is."),
    ({**PLEDGE, "target": ""}, "Please say how many."),
    ({**PLEDGE, "target": "0"}, "Please choose a number from 1 to 3650."),
    ({**PLEDGE, "when": "someday"}, "Please choose when it unlocks."),
])
def test_a_bad_pledge_is_explained_and_keeps_what_was_typed(app, client, people, mia, form, message):
    sign_in_as(client, "mia@example.org")
    response = client.post(f"/support/{people['client']}/rewards/new", data=form)
    # The whole sentence, as the summary at the top links it to its field.
    assert response.status_code == 422 and f'">{message}</a>' in response.get_data(as_text=True)
    assert b"You&#39;ve got this" in response.data and rewards(app) == []


def test_the_client_redeems_and_thanks_and_the_giver_hears(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "when": "now", "target": ""})
    reward_id = rewards(app)[0].id
    sign_in_as(client, "casey@example.org")
    client.post(f"/rewards/{reward_id}/redeem")
    client.post(f"/rewards/{reward_id}/thank", data={"thanks": "That meant a lot"})
    reward = rewards(app)[0]
    assert (reward.status, reward.thanks) == ("redeemed", "That meant a lot")
    assert notes_for(app, mia)[-2:] == ["Casey Client redeemed “Dinner at Luigi's”.",
                                        "Casey Client says thank you: “That meant a lot”"]


def test_a_giver_withdraws_a_pledge_before_it_unlocks_but_not_after(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "target": "900"})
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "when": "now", "target": ""})
    pledged, given = rewards(app)
    client.post(f"/rewards/{pledged.id}/withdraw")
    client.post(f"/rewards/{given.id}/withdraw")
    assert [r.status for r in rewards(app)] == ["withdrawn", "unlocked"]


def test_the_unlock_command_unlocks_reached_pledges(app, runner, people, mia):
    set_sober_since(app, people["client"], days_ago(app, people["client"], 30))
    with app.app_context():
        db.session.add(Reward(client_id=people["client"], giver_id=mia, title="Cinema",
                              milestone_kind="sober_days", milestone_target=30))
        db.session.commit()
    result = runner.invoke(args=["rewards", "unlock"])
    assert "Unlocked 1 reward(s)" in result.output and rewards(app)[0].status == "unlocked"


def test_the_unlock_command_counts_every_clients_unlocked_rewards(app, runner, people, mia):
    """Casey's and Oli's reached pledges are unlocked in one run, and the count says both."""
    oli = people["other_client"]
    ria, _ = add_member(app, oli, "ria@example.org", "Ria", scopes=["sober_days"])
    for client_id, giver in ((people["client"], mia), (oli, ria)):
        set_sober_since(app, client_id, days_ago(app, client_id, 30))
        with app.app_context():
            db.session.add(Reward(client_id=client_id, giver_id=giver, title="Cinema",
                                  milestone_kind="sober_days", milestone_target=30))
            db.session.commit()
    result = runner.invoke(args=["rewards", "unlock"])
    assert "Unlocked 2 reward(s)" in result.output, result.output
    assert [reward.status for reward in rewards(app)] == ["unlocked", "unlocked"]


def test_rewards_ready_to_redeem_are_listed_first(app, client, people, mia):
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "title": "Given first", "when": "now", "target": ""})
    client.post(f"/support/{people['client']}/rewards/new", data={**PLEDGE, "title": "Pledged later", "target": "900"})
    sign_in_as(client, "casey@example.org")
    body = client.get("/rewards").get_data(as_text=True)
    assert body.index("Given first") < body.index("Pledged later")


def test_opening_pages_unlocks_nothing(app, client, people, mia):
    """Reads are free of writes: unlocking happens on events and in the worker, not on a page view."""
    set_sober_since(app, people["client"], days_ago(app, people["client"], 29))
    sign_in_as(client, "mia@example.org")
    client.post(f"/support/{people['client']}/rewards/new", data=PLEDGE)
    set_sober_since(app, people["client"], days_ago(app, people["client"], 30))
    client.get(f"/support/{people['client']}")
    sign_in_as(client, "casey@example.org")
    client.get("/")
    assert "Reached: it unlocks in a moment" in client.get("/rewards").get_data(as_text=True)
    assert rewards(app)[0].status == "pledged"
