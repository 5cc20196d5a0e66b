"""A reward offered by a member who sees nothing, on two phones at 360 px: offer, accept, tell.

Screenshots: tests/screenshots/reward-offer-<step>.png."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.timeutil import local_today
from tests.helpers import PASSWORD, PHONES, no_sideways_scroll, screenshot
from tests.network_world import add_member

pytestmark = pytest.mark.browser


def open_phone(browser, live_server, email):
    context = browser.new_context(viewport=PHONES["360x740"], is_mobile=True, has_touch=True,
                                  base_url=live_server, timezone_id="Europe/London", service_workers="block")
    context.set_default_timeout(5000)
    page = context.new_page()
    response = page.request.post("/login", form={"email": email, "password": PASSWORD},
                                 headers={"Origin": live_server}, max_redirects=0)
    assert response.status == 303, response.text()
    return page


def test_a_member_who_sees_nothing_offers_and_the_client_accepts_and_tells(app, browser, live_server, people):
    add_member(app, people["client"], "nia@example.org", "Nia")
    with app.app_context():
        casey = db.session.get(User, people["client"])
        casey.sober_since = local_today(casey.timezone) - timedelta(days=50)
        db.session.commit()
    nia = open_phone(browser, live_server, "nia@example.org")
    nia.goto(f"/support/{people['client']}")
    nia.get_by_role("link", name="Pledge one").tap()
    expect(nia.get_by_text("goes as an offer")).to_be_visible()
    nia.get_by_label("What is it?").fill("Cinema and popcorn")
    nia.get_by_label("At a number of sober days (as an offer)").check()
    nia.get_by_label("How many?").fill("30")
    screenshot(nia, "reward-offer-1-member-offers")
    nia.get_by_role("button", name="Pledge").tap()
    expect(nia.get_by_text("Your offer is sent. Casey Client decides whether to accept it.")).to_be_visible()
    expect(nia.locator(".rewards")).to_contain_text("Offered, waiting for an answer")
    assert no_sideways_scroll(nia)

    casey = open_phone(browser, live_server, "casey@example.org")
    casey.goto("/rewards")
    casey.get_by_text("Offered: accept or say no thanks").tap()
    expect(casey.get_by_text("so this comes as an offer")).to_be_visible()
    screenshot(casey, "reward-offer-2-client-decides")
    assert no_sideways_scroll(casey)
    casey.get_by_role("button", name="Accept").tap()
    expect(casey.get_by_role("button", name="Tell Nia I earned it")).to_be_visible()
    screenshot(casey, "reward-offer-3-client-accepted")

    nia.goto(f"/support/{people['client']}")
    expect(nia.locator(".rewards")).to_contain_text("Accepted")
    expect(nia.locator(".rewards")).not_to_contain_text("Unlocked")
    screenshot(nia, "reward-offer-4-member-sees-accepted")

    casey.get_by_role("button", name="Tell Nia I earned it").tap()
    expect(casey.get_by_text("Nia will know you earned it.")).to_be_visible()
    nia.reload()
    expect(nia.locator(".rewards")).to_contain_text("Unlocked")
    for page in (nia, casey):
        page.context.close()
