"""Deleting an account and leaving a network, in the real Chromium at phone sizes (issue 12).

Deleting from one phone reaches the other phone's offline copy of the crisis page: at its next
visit that phone drops it and is sent to sign in with a word on why. A member leaves a client's
network from their page of that client in two taps.
"""
import pytest
from playwright.sync_api import expect

from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from tests.deletion_world import build_casey_world
from tests.helpers import (
    NO_WORKER, PASSWORD, assert_crisis_copy_forgotten, no_sideways_scroll, screenshot, sign_in, sign_in_quickly, wait_for_worker_control,
    wait_until)

pytestmark = pytest.mark.browser


def has_crisis_copy(page) -> bool:
    return page.evaluate("""async () => Boolean(await caches.match("/crisis", {cacheName: "recoverynet-crisis"}))""")


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_client_deletes_their_account_from_settings(app, open_phone, live_server, people, size):
    build_casey_world(app, people["client"])
    page = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/settings")
    page.get_by_role("link", name="Delete my account…").tap()
    expect(page.get_by_role("heading", name="Delete your account?")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"delete-account-{size}")
    page.get_by_label("Your password, to confirm it's you").fill("not my password")
    page.get_by_role("button", name="Delete my account for good").tap()
    expect(page.get_by_text("That isn't your password. Nothing was deleted.")).to_be_visible()
    screenshot(page, f"delete-account-wrong-password-{size}")
    page.get_by_label("Your password, to confirm it's you").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account for good").tap()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"account-deleted-{size}")


def test_another_phone_drops_its_crisis_copy_and_is_sent_to_sign_in(app, open_phone, people):
    with app.app_context():
        plan = CrisisPlan(user_id=people["client"], coping_alone="Cold water on my face")
        plan.callees = [Callee(position=0, name="Jo Sister", daytime_phone="07700 900001")]
        db.session.add(plan)
        db.session.commit()
    phone = open_phone()
    sign_in(phone)
    phone.goto("/crisis")
    wait_for_worker_control(phone)
    wait_until(phone, """async () => Boolean(await caches.match("/crisis", {cacheName: "recoverynet-crisis"}))""")

    other = open_phone("360x740", **NO_WORKER)
    sign_in(other)
    other.goto("/settings/delete")
    other.get_by_label("Your password, to confirm it's you").fill(PASSWORD)
    other.get_by_role("button", name="Delete my account for good").tap()
    expect(other.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    assert has_crisis_copy(phone)  # nothing reaches the phone until it asks

    phone.goto("/log")
    expect(phone.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(phone.get_by_text("This account was deleted. This device is signed out")).to_be_visible()
    screenshot(phone, "deleted-account-other-phone-390x844")
    assert_crisis_copy_forgotten(phone)


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_member_leaves_a_network_in_two_taps(app, open_phone, live_server, people, size):
    casey = people["client"]
    build_casey_world(app, casey)
    page = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(page, live_server, "nia@example.org")
    page.goto(f"/support/{casey}")
    page.get_by_role("link", name="Leave Casey Client's network").tap()
    expect(page.get_by_role("heading", name="Leave Casey Client's support network?")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"leave-network-{size}")
    page.get_by_role("button", name="Leave the network").tap()
    expect(page.get_by_text("You have left Casey Client's support network.")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"left-network-{size}")
    assert page.request.get(f"/support/{casey}").status == 404
