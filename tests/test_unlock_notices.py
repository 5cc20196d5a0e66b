"""What reaching a milestone tells the client and the giver, word for word, and who the client's
rewards page says each message is from."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.meetings.models import Meeting
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.rewards.unlock import unlock_due_rewards
from recoverynet.timeutil import local_today, utcnow
from tests.network_world import add_member, sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")


@pytest.fixture
def mia(app, people):
    """Mia may follow Casey's sober days and check-ins."""
    member_id, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "checkins"])
    return member_id


def pledge(app, client_id, giver_id, kind, target) -> int:
    with app.app_context():
        reward = Reward(client_id=client_id, giver_id=giver_id, title="Cinema", milestone_kind=kind,
                        milestone_target=target, pledged_at=utcnow() - timedelta(days=40))
        db.session.add(reward)
        db.session.commit()
        return reward.id


def notices(app, user_id) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(n.kind, n.text, n.link) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.id))]


def unlock(app, client_id) -> None:
    with app.app_context():
        unlock_due_rewards(db.session.get(User, client_id))
        db.session.commit()  # the caller commits: unlocking never does


def test_reaching_a_day_count_tells_the_client_and_the_giver_with_a_link(app, people, mia):
    reward_id = pledge(app, people["client"], mia, "sober_days", 30)
    with app.app_context():
        casey = db.session.get(User, people["client"])
        casey.sober_since = local_today(casey.timezone) - timedelta(days=30)
        db.session.commit()
    unlock(app, people["client"])
    assert notices(app, people["client"]) == [
        ("reward_unlocked", "You reached 30 sober days: “Cinema” is yours.", f"/rewards/{reward_id}")]
    assert notices(app, mia) == [
        ("reward_unlocked", "Casey Client reached the milestone for “Cinema”.", f"/rewards/{reward_id}")]


def test_reaching_a_meetings_pledge_says_meetings(app, people, mia):
    reward_id = pledge(app, people["client"], mia, "meetings", 2)
    with app.app_context():
        today = local_today(db.session.get(User, people["client"]).timezone)
        db.session.add_all([Meeting(client_id=people["client"], attended_on=today - timedelta(days=n), kind="online")
                            for n in (1, 2)])
        db.session.commit()
    unlock(app, people["client"])
    assert notices(app, people["client"]) == [
        ("reward_unlocked", "You reached 2 meetings: “Cinema” is yours.", f"/rewards/{reward_id}")]


def test_reaching_a_checkins_pledge_says_check_ins_and_one_is_singular(app, people, mia):
    reward_id = pledge(app, people["client"], mia, "checkins", 1)
    with app.app_context():
        db.session.add(Entry(user_id=people["client"], device_id=str(uuid.uuid4()), mood=3))
        db.session.commit()
    unlock(app, people["client"])
    assert notices(app, people["client"]) == [
        ("reward_unlocked", "You reached 1 check-in: “Cinema” is yours.", f"/rewards/{reward_id}")]


def test_the_rewards_page_names_who_sent_each_word_of_encouragement(app, client, people, mia):
    with app.app_context():
        db.session.add(Encouragement(client_id=people["client"], sender_id=mia, text="One day at a time."))
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    body = client.get("/rewards").get_data(as_text=True)
    assert "<q>One day at a time.</q><br><small>Mia · " in body


def test_a_message_from_someone_whose_account_is_gone_says_a_former_member(app, client, people, mia):
    with app.app_context():
        db.session.add(Encouragement(client_id=people["client"], sender_id=None, text="One day at a time."))
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    assert "<q>One day at a time.</q><br><small>A former member · " in client.get("/rewards").get_data(as_text=True)

