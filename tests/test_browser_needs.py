"""Practical needs in the real Chromium at phone sizes: the client adds a need from Home (a bad
date is shown beside its field and nothing typed is lost), Home then shows it; the member who
helps moves it along from their page of the client, and the client sees who changed it."""
import pytest
from playwright.sync_api import expect

from recoverynet.extensions import db
from recoverynet.network.models import Contact
from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_client_adds_a_need_and_the_helper_moves_it_along(app, open_phone, live_server, people, size):
    casey = people["client"]
    add_member(app, casey, "mia@example.org", "Mia Member", scopes=("practical_needs",), card_name="Mia")
    with app.app_context():
        db.session.add(Contact(client_id=casey, name="Pat at the Housing Office", relationship="other"))
        db.session.commit()

    page = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/")
    page.get_by_role("link", name="Practical needs").tap()
    expect(page.get_by_text("Nothing here yet.")).to_be_visible()
    page.get_by_role("link", name="Add a need").first.tap()
    page.get_by_label("What is it about?").select_option("housing")
    page.get_by_label("In a few words (optional)").fill("Find a flat near my work")
    page.get_by_label("Being worked on").check()
    page.get_by_label("Mia").check()
    page.get_by_label("Pat at the Housing Office").check()
    page.get_by_label("Next step (optional)").fill("Ring the housing office about the waiting list")
    page.get_by_label("By when? (optional)").evaluate("input => { input.type = 'text'; input.value = 'Friday'; }")
    page.get_by_role("button", name="Save").tap()
    expect(page.locator("#next_step_on-error")).to_have_text("Please enter a date like 2024-03-31.")
    expect(page.get_by_label("In a few words (optional)")).to_have_value("Find a flat near my work")
    expect(page.get_by_label("Next step (optional)")).to_have_value("Ring the housing office about the waiting list")
    expect(page.get_by_label("Mia")).to_be_checked()
    expect(page.get_by_label("Being worked on")).to_be_checked()
    assert no_sideways_scroll(page)
    screenshot(page, f"needs-form-error-{size}")
    page.get_by_label("By when? (optional)").fill("2026-12-04")
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_text("Saved. One step at a time.")).to_be_visible()
    expect(page.get_by_role("heading", name="Find a flat near my work")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"needs-list-{size}")
    page.goto("/")
    expect(page.get_by_role("heading", name="Practical needs")).to_be_visible()
    expect(page.get_by_role("link", name="Find a flat near my work")).to_be_visible()
    assert no_sideways_scroll(page)
    page.get_by_role("heading", name="Practical needs").scroll_into_view_if_needed()
    screenshot(page, f"needs-home-{size}")

    helper = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(helper, live_server, "mia@example.org")
    helper.goto(f"/support/{casey}")
    helper.get_by_role("link", name="Practical needs: housing, work, money and more").tap()
    expect(helper.get_by_role("heading", name="Find a flat near my work")).to_be_visible()
    assert no_sideways_scroll(helper)
    screenshot(helper, f"needs-member-{size}")
    helper.get_by_role("link", name="Update").tap()
    expect(helper.get_by_role("heading", name="Find a flat near my work", exact=True)).to_have_count(1)
    expect(helper.get_by_role("group", name="Where does it stand?")).to_be_visible()
    helper.get_by_label("Sorted", exact=True).check()
    helper.get_by_label("Next step (optional)").fill("Move in on Saturday")
    assert no_sideways_scroll(helper)
    screenshot(helper, f"needs-member-update-{size}")
    helper.get_by_role("button", name="Save").tap()
    expect(helper.get_by_text("Saved. Casey Client is told.")).to_be_visible()

    page.goto("/notifications")
    expect(page.get_by_text("Mia updated “Find a flat near my work”: Sorted.")).to_be_visible()
    page.goto("/needs")
    expect(page.get_by_role("heading", name="Sorted", exact=True)).to_be_visible()
    expect(page.get_by_text("Housing · Sorted on")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"needs-sorted-{size}")
    page.goto("/")
    expect(page.get_by_role("link", name="Find a flat near my work")).to_have_count(0)
