"""Signing out everywhere reaches the phone's offline copy of the crisis page, in the real Chromium.

A phone keeps its person's crisis page for use with no signal (test_browser_offline.py). When
the same person signs out everywhere from another device, the phone's next request to the
server makes it drop that copy: offline, it shows only the public emergency numbers.
"""
import pytest
from playwright.sync_api import expect

from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from tests.helpers import assert_crisis_copy_forgotten, screenshot, sign_in, wait_for_worker_control, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def casey_with_plan(app, people):
    with app.app_context():
        plan = CrisisPlan(user_id=people["client"], coping_alone="Cold water on my face")
        plan.callees = [Callee(position=0, name="Jo Sister", daytime_phone="07700 900001")]
        db.session.add(plan)
        db.session.commit()


def has_crisis_copy(page) -> bool:
    return page.evaluate("""async () => {
        const copy = await caches.match("/crisis", {cacheName: "recoverynet-crisis"});
        return Boolean(copy) && (await copy.text()).includes("Call Jo Sister");
    }""")


def test_signing_out_everywhere_drops_the_phones_crisis_copy_at_its_next_request(open_phone, casey_with_plan):
    phone = open_phone()
    sign_in(phone)
    phone.goto("/crisis")
    wait_for_worker_control(phone)
    wait_until(phone, """async () => Boolean(await caches.match("/crisis", {cacheName: "recoverynet-crisis"}))""")

    other = open_phone("360x740")
    sign_in(other)
    other.goto("/settings")
    assert other.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    screenshot(other, "settings-devices-360x740")
    other.get_by_role("button", name="Sign out everywhere").tap()
    expect(other.get_by_role("heading", name="You're signed out")).to_be_visible()
    assert has_crisis_copy(phone)  # nothing reaches the phone until it asks

    phone.goto("/")
    expect(phone.get_by_role("heading", name="Recovery is a team effort")).to_be_visible()
    assert_crisis_copy_forgotten(phone)
