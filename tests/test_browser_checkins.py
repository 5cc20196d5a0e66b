"""A whole weekly check-in on two phones at 390x844 and 360x740: Casey schedules it and chooses
Mia, then both hold the meeting on their own phones at once, section by section (htmx: each
note and tick comes back without a page load), with an action item Mia sees on her Home."""
import pytest
from playwright.sync_api import expect

from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser


def add_note(page, section: str, text: str):
    box = page.locator(f"#text-{section}")
    box.fill(text)
    page.locator(f"#section-{section}").get_by_role("button", name="Add", exact=True).tap()
    expect(page.locator(f"#section-{section}")).to_contain_text(text)


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_whole_checkin_on_two_phones(app, open_phone, live_server, people, size):
    add_member(app, people["client"], "mia@example.org", "Mia Partner", scopes=("checkins",))
    casey = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(casey, live_server)
    casey.goto("/")
    casey.get_by_role("link", name="Weekly check-in", exact=True).tap()
    casey.get_by_role("link", name="Schedule the weekly check-in").tap()
    casey.get_by_label("Day").select_option(label="Monday")
    casey.get_by_role("button", name="Save the check-in").tap()
    # Nothing typed is lost: the time is missing, the day and the choice stay.
    expect(casey.locator("#time-error")).to_have_text("Please choose a time.")
    expect(casey.get_by_label("Day")).to_have_value("0")
    screenshot(casey, f"checkin-schedule-error-{size}")
    casey.get_by_label("Time (your time zone)").fill("18:30")
    casey.get_by_label("Mia Partner").check()
    assert no_sideways_scroll(casey)
    casey.get_by_role("button", name="Save the check-in").tap()
    expect(casey.get_by_text("Your weekly check-in is saved.")).to_be_visible()
    screenshot(casey, f"checkin-overview-{size}")
    casey.get_by_role("link", name="Open the agenda").tap()
    expect(casey.get_by_role("heading", name="Quick wellbeing check")).to_be_visible()

    mia = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(mia, live_server, "mia@example.org")
    mia.goto(casey.url)
    # Both phones write into the same meeting at once; each sees the other's note after a reload.
    add_note(casey, "wellbeing", "Tired but steady")
    add_note(mia, "wins", "Went to two meetings")
    add_note(casey, "risks", "Payday on Friday")
    casey.locator("#item-what").fill("Drive Casey to the clinic")
    casey.locator("#item-owner").select_option(label="Mia Partner")
    casey.locator("#item-due").fill("2030-01-08")
    casey.get_by_role("button", name="Add the action item").tap()
    expect(casey.locator("#section-actions")).to_contain_text("Drive Casey to the clinic")
    casey.reload()
    expect(casey.locator("#section-wins")).to_contain_text("Went to two meetings")
    assert no_sideways_scroll(casey)
    screenshot(casey, f"checkin-agenda-client-{size}")

    mia.reload()
    expect(mia.locator("#section-risks")).to_contain_text("Payday on Friday")
    expect(mia.get_by_label("Only me: keep this note private")).to_have_count(0)
    mia.get_by_role("button", name="Mark “Drive Casey to the clinic” as done").tap()
    expect(mia.locator("#section-actions")).to_contain_text("Done, ticked by Mia Partner")
    assert no_sideways_scroll(mia)
    screenshot(mia, f"checkin-agenda-member-{size}")
    mia.get_by_role("button", name="Mark “Drive Casey to the clinic” as not done").tap()
    expect(mia.locator("#section-actions")).to_contain_text("Opened again by Mia Partner")
    mia.goto("/")
    expect(mia.get_by_role("heading", name="Your action items")).to_be_visible()
    expect(mia.get_by_text("Drive Casey to the clinic")).to_be_visible()
    assert no_sideways_scroll(mia)
    screenshot(mia, f"checkin-member-home-{size}")
