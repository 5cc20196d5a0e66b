"""What an app connects when it is built (each feature's init_app), checked on an app built for
the test itself. The suite shares one app, so code that runs only while an app is built runs once;
these tests build their own, so that wiring is exercised by a test that would see it missing
(and mutation testing, `make mutation`, credits it to them)."""
import pytest

from recoverynet.extensions import db
from recoverynet.rewards.models import Reward
from recoverynet.timeutil import utcnow
from tests.network_world import add_member, sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")


def test_an_app_built_afresh_shows_a_member_their_encouragement_and_rewards(app, fresh_app, people):
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days"])
    with app.app_context():
        db.session.add(Reward(client_id=people["client"], giver_id=mia, title="Picnic by the river",
                              milestone_kind="sober_days", milestone_target=30, pledged_at=utcnow(),
                              giver_should_review=True))
        db.session.commit()
    phone = fresh_app.test_client()
    sign_in_as(phone, "mia@example.org")

    page = phone.get(f"/support/{people['client']}").get_data(as_text=True)
    assert "I&#39;m proud of you." in page  # a ready-made encouragement
    assert "Picnic by the river" in page
    assert "Pledged" in page  # the reward's state as its giver sees it
    assert "has started a new count. Keep this pledge or change it." in page
