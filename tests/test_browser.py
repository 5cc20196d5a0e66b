"""What a client does on a phone, in the real Chromium: sign up, log, edit, page, install, go offline.

Every test drives the system Chromium at a phone size with touch. The picks on the log form
are radio inputs hidden under their labels, so tests tap the visible label, as a thumb would.
"""
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.timeutil import local_today
from tests.helpers import (NO_WORKER, add_entries, confirmation_path, queued_emails, screenshot, sign_in,
                           sign_in_quickly, tap_pick, urlpath, wait_for_worker_control)

pytestmark = pytest.mark.browser


# ---- Signing up ----

def test_new_client_signs_up_with_browser_time_zone_and_sees_day_count(app, open_phone):
    page = open_phone(timezone_id="Europe/Berlin")
    page.goto("/")
    page.get_by_role("link", name="Create your account").tap()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    # app.js filled the time zone from the browser; nobody had to scroll a list of 400 zones.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")

    today = datetime.now(ZoneInfo("Europe/Berlin")).date()
    sober_since = today - timedelta(days=12)
    page.get_by_label("What should we call you?").fill("Sam")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_label("Sober since (optional)").fill(sober_since.isoformat())
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Create account").tap()

    # Changed with issue 14: the account waits for the emailed link (the worker would send it).
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_role("button", name="Send it again")).to_be_visible()
    screenshot(page, "signup-check-email-390x844")
    page.goto(confirmation_path(queued_emails(app, "sam@example.org")[0].body))
    page.get_by_role("button", name="Confirm and sign in").tap()

    expect(page.get_by_text("Hello, Sam")).to_be_visible()
    expect(page.locator("#counter-title")).to_have_text("12 days")
    assert urlpath(page) == "/"


# ---- Logging, editing, deleting ----

def test_client_logs_an_entry_from_home_in_three_taps(open_phone, people):
    page = open_phone(**NO_WORKER)
    sign_in(page)
    tap_pick(page, "mood", 4)
    tap_pick(page, "triggers", "lonely")
    page.get_by_role("button", name="Save", exact=True).tap()

    expect(page.get_by_role("heading", name="History")).to_be_visible()
    newest = page.locator(".entries .entry").first
    expect(newest).to_contain_text("Mood 4 · Good")
    expect(newest.locator(".tag")).to_have_text(["lonely"])
    expect(page.locator(".flash")).to_contain_text("Saved")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_spanish_speaker_logs_from_home_in_three_taps_at_360px(open_phone, people, app, color_scheme):
    with app.app_context():
        casey = db.session.get(User, people["client"])
        casey.language, casey.sober_since = "es", local_today(casey.timezone) - timedelta(days=12)
        db.session.commit()
    page = open_phone(size="360x740", color_scheme=color_scheme, **NO_WORKER)
    sign_in(page)
    expect(page.locator("#counter-title")).to_have_text("12 días sin consumir")
    screenshot(page, f"home-es-360x740-{color_scheme}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    tap_pick(page, "mood", 4)
    tap_pick(page, "triggers", "lonely")
    page.get_by_role("button", name="Guardar", exact=True).tap()

    expect(page.get_by_role("heading", name="Historial")).to_be_visible()
    newest = page.locator(".entries .entry").first
    expect(newest).to_contain_text("Ánimo 4 · Bien")
    expect(newest.locator(".tag")).to_have_text(["soledad"])
    expect(page.locator(".flash")).to_contain_text("Guardado")
    screenshot(page, f"history-es-360x740-{color_scheme}")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_client_logs_a_craving_from_home_and_it_tops_history(open_phone, live_server, people, app):
    add_entries(app, people["client"], 2)
    page = open_phone(**NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/")
    tap_pick(page, "mood", 2)
    tap_pick(page, "craving", 7)
    page.get_by_role("button", name="Save", exact=True).tap()

    expect(page.get_by_role("heading", name="History")).to_be_visible()
    page.goto("/log")
    newest = page.locator(".entries .entry").first
    expect(newest).to_contain_text("Mood 2 · Low")
    expect(newest).to_contain_text("Craving 7/10")
    expect(page.locator(".entries .entry")).to_have_count(3)


def test_client_edits_an_entry_with_detail_and_sees_the_change(open_phone, live_server, people, app):
    add_entries(app, people["client"], 1, mood=3, craving=2)
    page = open_phone(**NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/log")
    page.locator(".entries .entry a").first.tap()
    expect(page.get_by_role("heading", name="Edit entry")).to_be_visible()

    tap_pick(page, "mood", 5)
    page.get_by_text("Add detail").tap()
    page.get_by_label("What did you do to cope?").fill("Called my sponsor")
    page.get_by_label("Anything else?").fill("Walked it off by the river")
    page.get_by_role("button", name="Save changes").tap()

    expect(page.get_by_role("heading", name="History")).to_be_visible()
    entry = page.locator(".entries .entry").first
    expect(entry).to_contain_text("Mood 5 · Great")
    expect(entry.locator(".note")).to_have_text("Walked it off by the river")
    entry.locator("a").tap()
    # Detail is open on an entry that has some, so nothing typed is hidden.
    expect(page.get_by_label("What did you do to cope?")).to_have_value("Called my sponsor")


def test_client_deletes_an_entry_after_confirming(open_phone, live_server, people, app):
    keep, remove = add_entries(app, people["client"], 2, note="")
    page = open_phone(**NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto(f"/log/{remove}/edit")
    page.get_by_role("link", name="Delete this entry").tap()
    expect(page.get_by_role("heading", name="Delete this entry?")).to_be_visible()
    page.get_by_role("button", name="Delete").tap()

    expect(page.locator(".flash")).to_have_text("The entry is deleted.")
    expect(page.locator(".entries .entry")).to_have_count(1)
    expect(page.locator(f"#entry-{keep}")).to_be_visible()
    expect(page.locator(f"#entry-{remove}")).to_have_count(0)


def test_keep_it_on_the_delete_page_deletes_nothing(open_phone, live_server, people, app):
    [entry_id] = add_entries(app, people["client"], 1)
    page = open_phone(**NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto(f"/log/{entry_id}/delete")
    page.get_by_role("link", name="Keep it").tap()
    expect(page.get_by_role("heading", name="Edit entry")).to_be_visible()
    with app.app_context():
        assert db.session.get(Entry, entry_id) is not None


# ---- History, a page at a time ----

def test_show_older_entries_loads_the_next_page_in_place(open_phone, live_server, people, app):
    add_entries(app, people["client"], 25)
    page = open_phone(**NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/log")
    expect(page.locator(".entries .entry")).to_have_count(20)
    page.get_by_role("link", name="Show older entries").tap()

    expect(page.locator(".entries .entry")).to_have_count(25)
    expect(page.get_by_role("link", name="Show older entries")).to_have_count(0)
    assert urlpath(page) == "/log"
    # One list, not a page nested in a page.
    expect(page.locator("h1")).to_have_count(1)


def test_show_older_entries_without_javascript_opens_page_two(open_phone, live_server, people, app):
    add_entries(app, people["client"], 25)
    page = open_phone(java_script_enabled=False)
    sign_in_quickly(page, live_server)
    page.goto("/log")
    page.get_by_role("link", name="Show older entries").tap()

    page.wait_for_url("**/log?page=2")
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.locator(".entries .entry")).to_have_count(5)
    expect(page.get_by_role("link", name="Back to the newest")).to_be_visible()


# ---- Validation ----

def test_log_without_a_mood_shows_the_message_beside_it_and_keeps_what_was_typed(open_phone, live_server,
                                                                                 people):
    page = open_phone(**NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/log/new")
    tap_pick(page, "craving", 6)
    tap_pick(page, "triggers", "tired")
    page.get_by_text("Add detail").tap()
    page.get_by_label("What was happening?").fill("Long shift, missed dinner")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save", exact=True).tap()
    # htmx sent it (hx-boost) and swapped the 422 in: no full page load, same address.
    assert posted.value.status == 422
    assert posted.value.request.headers.get("hx-request") == "true"
    assert urlpath(page) == "/log/new"

    error = page.locator("fieldset.mood #mood-error")
    expect(error).to_have_text("Please choose how you feel, from 1 to 5.")
    expect(page.locator("fieldset.mood")).to_have_attribute("aria-describedby", "mood-error")
    expect(page.get_by_label("What was happening?")).to_have_value("Long shift, missed dinner")
    expect(page.locator('input[name="craving"][value="6"]')).to_be_checked()
    expect(page.locator('input[name="triggers"][value="tired"]')).to_be_checked()


# ---- Without JavaScript ----

def test_without_javascript_client_signs_in_and_logs_with_plain_forms(open_phone, people):
    page = open_phone(java_script_enabled=False)
    sign_in(page)
    tap_pick(page, "mood", 3)
    tap_pick(page, "craving", 1)
    page.get_by_role("button", name="Save", exact=True).tap()

    page.wait_for_url(re.compile(r"/log\?saved=\d+$"))
    newest = page.locator(".entries .entry").first
    expect(newest).to_contain_text("Mood 3 · Okay")
    expect(newest).to_contain_text("Craving 1/10")


# ---- Signing out ----

def test_sign_out_from_settings_leaves_nothing_personal_on_screen(open_phone, people, app):
    add_entries(app, people["client"], 1, note="private note about Friday")
    page = open_phone()
    sign_in(page)
    page.get_by_role("link", name="Settings").tap()
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()
    page.get_by_role("button", name="Sign out", exact=True).tap()

    expect(page.get_by_role("heading", name="You're signed out")).to_be_visible()
    # Back to Settings, then back to Home: both are asked for again (no-store), signed out.
    for _ in range(2):
        page.go_back()
        page.wait_for_load_state()
        for personal in ("Casey Client", "casey@example.org", "private note"):
            expect(page.locator("body")).not_to_contain_text(personal)
    page.goto("/")
    expect(page.get_by_role("heading", name="Recovery is a team effort")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Casey")
    page.goto("/log")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


# ---- Installing and working offline ----

def test_page_links_a_manifest_that_makes_the_app_installable(phone):
    phone.goto("/")
    href = phone.locator('link[rel="manifest"]').get_attribute("href")
    response = phone.request.get(href)
    assert response.status == 200
    manifest = json.loads(response.text())

    assert manifest["name"] == "RecoveryNet"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert phone.request.get(icon["src"]).status == 200
    assert "/crisis" in [shortcut["url"] for shortcut in manifest["shortcuts"]]


def test_service_worker_becomes_active_and_controls_the_page(phone):
    phone.goto("/")
    wait_for_worker_control(phone)
    assert phone.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


def test_offline_navigation_shows_the_offline_page_with_emergency_numbers(open_phone, live_server, people):
    page = open_phone()
    sign_in_quickly(page, live_server)
    page.goto("/")
    wait_for_worker_control(page)
    page.context.set_offline(True)
    page.goto("/log")

    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    expect(page.get_by_role("link", name="Call 999").first).to_be_visible()
    expect(page.get_by_role("link", name="Call 112").first).to_be_visible()
    # The stylesheet came from the cache too: the call buttons look like buttons.
    assert page.get_by_role("link", name="Call 999").first.bounding_box()["height"] >= 44

    page.context.set_offline(False)
    page.goto("/log")
    expect(page.get_by_role("heading", name="History")).to_be_visible()


def test_offline_show_older_entries_says_so_in_place(open_phone, live_server, people, app):
    add_entries(app, people["client"], 25)
    page = open_phone()
    sign_in_quickly(page, live_server)
    page.goto("/log")
    wait_for_worker_control(page)
    page.context.set_offline(True)
    page.get_by_role("link", name="Show older entries").tap()

    expect(page.locator(".offline-note")).to_contain_text("You're offline")
    expect(page.locator(".entries .entry")).to_have_count(20)
    expect(page.get_by_role("heading", name="History")).to_be_visible()
