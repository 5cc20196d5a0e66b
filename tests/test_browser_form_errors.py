"""After a failed save the focus is on the summary of errors, whose links lead to each field
(issue 15, part 5): with htmx swapping the page in, and with JavaScript off (a full page)."""
import pytest
from playwright.sync_api import expect

from tests.helpers import NO_WORKER, screenshot, sign_in_quickly

pytestmark = pytest.mark.browser

SUMMARY_IS_FOCUSED = "() => document.activeElement && document.activeElement.matches('.error-summary')"


def refuse_a_new_person(page):
    """Ask to add a person with no name and a phone number too short to be one."""
    page.goto("/network/new")
    page.get_by_label("Phone (optional)").fill("12")
    page.get_by_role("button", name="Add to my map").tap()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_after_a_failed_save_the_summary_has_the_focus_and_its_links_focus_each_field(
        open_phone, live_server, people, javascript):
    page = open_phone("360x740", java_script_enabled=javascript, **NO_WORKER)
    sign_in_quickly(page, live_server)
    refuse_a_new_person(page)

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    if javascript:
        page.wait_for_function(SUMMARY_IS_FOCUSED)  # document.activeElement itself, as a screen reader sees it
    expect(summary.get_by_role("link")).to_have_text(["Please give a name, or a nickname only you understand.",
                                                       "Please enter a phone number using digits, spaces and + only."])
    screenshot(page, f"form-errors-summary-360-{'htmx' if javascript else 'no-js'}")

    summary.get_by_role("link", name="Please enter a phone number").tap()
    expect(page.locator("#phone")).to_be_focused()
    expect(page.locator("#phone")).to_have_value("12")
    summary.get_by_role("link", name="Please give a name").tap()
    expect(page.locator("#name")).to_be_focused()
