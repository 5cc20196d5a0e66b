"""The shortened first pages of a long history on a phone, without JavaScript (issue 8, part 2):
this month's meetings and the earlier ones a tap away, the last eight check-ins and the earlier
ones, what is still to happen among the rewards and the ones enjoyed. At 360x740, nothing
scrolls sideways; screenshots in tests/screenshots/history-*.png."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.checkins.models import Checkin
from recoverynet.extensions import db
from recoverynet.meetings.models import Meeting
from recoverynet.rewards.models import Reward
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import no_sideways_scroll, screenshot, sign_in
from tests.network_world import add_member

pytestmark = pytest.mark.browser


@pytest.fixture
def long_history(app, people):
    """Casey: a meeting every day for 60 days, a check-in every week for 20 weeks, 12 rewards enjoyed."""
    client = people["client"]
    giver, _ = add_member(app, client, "mia@example.org", "Mia", scopes=("sober_days",))
    with app.app_context():
        today, now = local_today("Europe/London"), utcnow()
        db.session.add_all(Meeting(client_id=client, attended_on=today - timedelta(days=n), kind="na")
                           for n in range(60))
        db.session.add_all(Checkin(client_id=client, held_on=today - timedelta(weeks=n + 1)) for n in range(20))
        db.session.add_all(Reward(client_id=client, giver_id=giver, title=f"Enjoyed {n}", status="redeemed",
                                  milestone_kind="sober_days", milestone_target=30, pledged_at=now - timedelta(days=n + 1),
                                  unlocked_at=now, redeemed_at=now) for n in range(12))
        db.session.commit()


@pytest.mark.parametrize("path, link, shown_after", [
    ("/meetings", "Show earlier meetings", "Attended"),
    ("/checkins", "Show earlier check-ins", "Back to the newest"),
    ("/rewards", "Earlier rewards", "Enjoyed 0"),
])
def test_a_long_history_s_earlier_page_is_a_tap_away_without_javascript_at_360(open_phone, long_history, path,
                                                                                 link, shown_after):
    page = open_phone(size="360x740", java_script_enabled=False)
    sign_in(page)
    page.goto(path)
    assert no_sideways_scroll(page)
    name = path.strip("/")
    screenshot(page, f"history-{name}-360x740")
    page.get_by_role("link", name=link).first.tap()
    expect(page.get_by_text(shown_after).first).to_be_visible()
    assert "page=2" in page.url and no_sideways_scroll(page)
    screenshot(page, f"history-{name}-earlier-360x740")
