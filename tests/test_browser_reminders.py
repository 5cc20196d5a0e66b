"""Whether THIS phone gets reminders, said plainly on the reminders page at 360 px (issue 15, part 4):
on, off, blocked in the browser, not supported, and "add to Home Screen first" on an iPhone, each
with what to do. Screenshots of each state, light and dark, go to tests/screenshots/.

Headless Chromium cannot subscribe for real (TESTING.md): "on" is a phone whose PushManager already
holds a subscription (a stand-in); the other states use the browser's own objects and permissions.
"""
import json

import pytest
from playwright.sync_api import expect

from tests.helpers import screenshot, sign_in_quickly

pytestmark = pytest.mark.browser

ALREADY_SUBSCRIBED = """
(() => {
  const subscription = {endpoint: "https://fcm.googleapis.com/fcm/send/this-phone",
                        toJSON() { return {endpoint: this.endpoint, keys: {p256dh: "B", auth: "a"}}; },
                        unsubscribe() { return Promise.resolve(true); }};
  PushManager.prototype.getSubscription = function () { return Promise.resolve(subscription); };
})();
"""
NO_PUSH = "delete window.PushManager;"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")


def block_notifications(page, live_server) -> None:
    """What a person's "Block" in the browser's prompt or site settings leaves behind."""
    session = page.context.new_cdp_session(page)
    session.send("Browser.setPermission", {"permission": {"name": "notifications"}, "setting": "denied",
                                           "origin": live_server})


def open_reminders(open_phone, live_server, *, script: str = "", permissions=(), blocked=False, **options):
    page = open_phone("360x740", permissions=list(permissions), **options)
    if script:
        page.context.add_init_script(script)
    if blocked:
        block_notifications(page, live_server)
    sign_in_quickly(page, live_server)
    page.goto("/reminders")
    return page


def panel_says(page, state: str, status: str, advice: str | None = None) -> None:
    panel = page.locator(".push-panel")
    # Most states wait for the service worker, which may take a while to start on a first visit.
    expect(panel).to_have_attribute("data-state", state, timeout=20000)
    expect(panel.locator(".push-status")).to_have_text(status)
    if advice is None:
        expect(panel.locator(".push-advice")).to_be_hidden()
    else:
        expect(panel.locator(".push-advice")).to_have_text(advice)


def fits_and_pictured(page, name: str) -> None:
    """No sideways scrolling at 360 px; the page pictured in light and dark."""
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        screenshot(page, f"reminders-{name}-360-{scheme}")
    page.emulate_media(color_scheme="light")


def test_a_phone_with_reminders_on_says_so_and_offers_turning_them_off(open_phone, live_server, people):
    page = open_reminders(open_phone, live_server, script=ALREADY_SUBSCRIBED, permissions=["notifications"])
    panel_says(page, "on", "Reminders are on for this phone.")
    expect(page.get_by_role("button", name="Turn off on this phone")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on reminders")).to_be_hidden()
    fits_and_pictured(page, "on")


def test_saving_a_reminder_on_a_phone_with_reminders_off_warns_that_nothing_will_arrive(open_phone, live_server,
                                                                                       people):
    # Notifications allowed, but no subscription on this phone (never turned on, or turned off here).
    page = open_reminders(open_phone, live_server, permissions=["notifications"])
    page.get_by_role("link", name="Daily check-in").tap()
    page.get_by_role("button", name="Save reminder").tap()
    expect(page.locator(".flash")).to_have_text(
        "Saved, but nothing will arrive yet: none of your phones has reminders turned on. Turn them on just below.")
    panel_says(page, "off", "Reminders are off on this phone.",
               "Nothing will arrive here until you tap \u201cTurn on reminders\u201d and allow notifications "
               "when your phone asks.")
    expect(page.get_by_role("button", name="Turn on reminders")).to_be_visible()
    fits_and_pictured(page, "off")


def test_a_phone_that_blocked_notifications_says_where_to_allow_them(open_phone, live_server, people):
    page = open_reminders(open_phone, live_server, blocked=True)
    panel_says(page, "blocked",
               "Notifications are blocked for this site. You can allow them in your browser's site settings.",
               "Nothing will arrive here until you allow them. Then come back to this page and tap "
               "\u201cTurn on reminders\u201d.")
    # Tapping would do nothing while blocked: the button waits until they are allowed.
    expect(page.get_by_role("button", name="Turn on reminders")).to_be_hidden()
    fits_and_pictured(page, "blocked")


def test_a_browser_without_web_push_says_it_cannot_show_reminders_and_which_can(open_phone, live_server, people):
    page = open_reminders(open_phone, live_server, script=NO_PUSH)
    panel_says(page, "unsupported", "This browser can't show reminders. Try Chrome, Edge, Firefox or Safari.")
    expect(page.locator(".push-panel button:visible")).to_have_count(0)
    fits_and_pictured(page, "unsupported")


def test_an_iphone_browser_tab_says_to_add_recoverynet_to_the_home_screen_first(open_phone, live_server, people):
    page = open_reminders(open_phone, live_server, user_agent=IPHONE)
    panel_says(page, "home-screen", "First, add RecoveryNet to your Home Screen.")
    expect(page.locator(".push-ios")).to_contain_text('tap the Share button, then "Add to Home Screen"')
    fits_and_pictured(page, "home-screen")


def test_without_javascript_the_page_says_reminders_need_it(open_phone, live_server, people):
    page = open_reminders(open_phone, live_server, java_script_enabled=False)
    expect(page.locator(".push-nojs")).to_contain_text(
        "turning them on needs JavaScript, which is off in this browser")
    expect(page.locator(".push-status")).to_be_hidden()
    fits_and_pictured(page, "no-javascript")


def test_settings_leads_to_the_reminders_page_in_one_tap_from_the_tab_bar(open_phone, live_server, people):
    page = open_phone("360x740")
    sign_in_quickly(page, live_server)
    page.goto("/log")
    page.locator(".tabbar").get_by_role("link", name="Settings").tap()
    page.get_by_role("link", name="Reminders and notifications").tap()
    expect(page.get_by_role("heading", name="On this phone")).to_be_visible()
    assert json.loads(page.evaluate("JSON.stringify(location.pathname)")) == "/reminders"
