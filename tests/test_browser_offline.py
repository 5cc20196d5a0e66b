"""A person in crisis reaches help with no signal, in the real Chromium at phone size.

The service worker keeps the signed-in client's own crisis page (and nothing else personal)
for offline use; the offline outbox keeps log entries and crisis alerts made with no signal
until they can be sent. `context.set_offline(True)` cuts the page and the worker alike, so an
offline load here really comes from the phone. Set-up that isn't the behaviour under test goes
straight into the database; what a test is about is done by tapping.
"""
import os
import re
import statistics
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import func, select

from recoverynet.crisis.models import Callee, CrisisAlert, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.notifications.models import Notification
from recoverynet.timeutil import utcnow
from tests.helpers import (JO, SAM, PHONES, SCREENSHOTS, give_plan, load_outbox_core, screenshot, sign_in, sign_in_quickly, tap_pick,
                           wait_for_commit, wait_for_worker_control, wait_until, worker_registration)
from tests.network_world import add_member

pytestmark = pytest.mark.browser


# ---- Helpers ----

def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def wait_for_crisis_copy(page, text):
    """Wait until the worker's copy of the crisis page holds `text` (it is stored just after
    the page is answered, so going offline at once could race it)."""
    wait_until(page, """async (text) => {
                          const copy = await caches.match("/crisis", {cacheName: "recoverynet-crisis"});
                          return Boolean(copy) && (await copy.text()).includes(text);
                        }""", arg=text)


def open_crisis_page_controlled(page, expect_text):
    """Open /crisis once the worker controls the page, so the worker keeps a copy."""
    page.goto("/crisis")
    wait_for_worker_control(page)
    wait_for_crisis_copy(page, expect_text)


def call_link(page, name):
    return page.get_by_role("link", name=f"Call {name}")


def status(page):
    return page.locator("#outbox-status")


def outbox_empty(page):
    """Wait until nothing waits in this phone's outbox (IndexedDB), so nothing is left to send."""
    wait_until(page, "() => RecoveryNetOutbox.count().then((waiting) => waiting === 0)")


def send_what_waits(page):
    """Send the outbox from the page now and wait for the answer (what the page does on load and
    when the signal returns); returns its result: sent, remaining, ..."""
    load_outbox_core(page)
    return page.evaluate("RecoveryNetOutbox.flush()")


def log_offline(page, mood):
    """Tap a mood and Save on the home page's form; returns the entry's device id."""
    device_id = page.locator('form.log-form input[name="device_id"]').input_value()
    tap_pick(page, "mood", mood)
    page.get_by_role("button", name="Save", exact=True).tap()
    return device_id


@pytest.fixture
def casey_with_plan(app, people):
    give_plan(app, people["client"], JO)
    return people["client"]


# ---- The crisis page, kept on the phone ----

def test_call_list_opens_offline_on_reload_and_from_another_page(open_phone, casey_with_plan):
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Call Jo Sister")
    page.context.set_offline(True)

    page.reload()
    expect(call_link(page, "Jo Sister")).to_be_visible()
    expect(call_link(page, "Jo Sister")).to_have_attribute("href", "tel:07700900001")

    page.goto("/log")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    page.get_by_role("link", name="Crisis help").tap()
    expect(call_link(page, "Jo Sister")).to_be_visible()
    expect(page.get_by_role("link", name="Text Jo Sister")).to_be_visible()


def test_offline_copy_shows_the_plan_as_changed_online(open_phone, casey_with_plan):
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Call Jo Sister")

    page.goto("/crisis/plan")
    page.locator("#block-people > summary").tap()  # the form's blocks start closed (issue 15)
    page.locator("#person-1-name").fill(SAM[0])
    page.locator("#person-1-day").fill(SAM[1])
    page.get_by_role("button", name="Save my plan").tap()
    expect(page.get_by_text("Your crisis plan is saved")).to_be_visible()
    page.goto("/crisis")
    expect(call_link(page, "Sam Sponsor")).to_be_visible()
    wait_for_crisis_copy(page, "Call Sam Sponsor")

    page.context.set_offline(True)
    page.reload()
    expect(call_link(page, "Jo Sister")).to_be_visible()
    expect(call_link(page, "Sam Sponsor")).to_be_visible()


def test_saving_the_plan_refreshes_the_offline_copy_without_opening_the_crisis_page(open_phone, casey_with_plan):
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Call Jo Sister")

    page.goto("/crisis/plan")
    page.locator("#block-people > summary").tap()  # the form's blocks start closed (issue 15)
    page.locator("#person-0-name").fill(SAM[0])
    page.locator("#person-0-day").fill(SAM[1])
    page.get_by_role("button", name="Save my plan").tap()
    expect(page.get_by_text("Your crisis plan is saved")).to_be_visible()
    # The saved page asked the worker (data-refresh-crisis) to fetch the new copy.
    wait_for_crisis_copy(page, "Call Sam Sponsor")

    page.context.set_offline(True)
    page.get_by_role("link", name="Crisis help").tap()
    expect(call_link(page, "Sam Sponsor")).to_be_visible()
    expect(call_link(page, "Jo Sister")).to_have_count(0)


def test_after_logout_the_offline_crisis_page_shows_only_emergency_numbers(open_phone, casey_with_plan):
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Call Jo Sister")

    page.goto("/settings")
    page.get_by_role("button", name="Sign out", exact=True).tap()
    expect(page.get_by_role("heading", name="You're signed out")).to_be_visible()
    # Logging out unregisters the worker (Clear-Site-Data); the page registers a fresh one.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
    assert not page.evaluate("caches.has('recoverynet-crisis')")

    page.context.set_offline(True)
    page.goto("/crisis")
    expect(page.get_by_role("link", name="Call 999").first).to_be_visible()
    expect(page.get_by_role("link", name="Call 112").first).to_be_visible()
    for personal in ("Jo Sister", "07700", "Casey", "Cold water"):
        expect(page.locator("body")).not_to_contain_text(personal)


def test_crisis_page_without_javascript_shows_the_call_list(open_phone, live_server, casey_with_plan):
    page = open_phone(java_script_enabled=False)
    sign_in_quickly(page, live_server)
    page.goto("/crisis")
    expect(call_link(page, "Jo Sister")).to_be_visible()
    expect(call_link(page, "Jo Sister")).to_have_attribute("href", "tel:07700900001")
    expect(page.get_by_role("link", name="Text Jo Sister")).to_have_attribute("href", re.compile(r"^sms:07700900001\?"))


def test_with_the_session_cookie_gone_and_no_signal_the_call_list_still_opens(open_phone, casey_with_plan):
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Call Jo Sister")

    page.context.clear_cookies()
    page.context.set_offline(True)
    page.reload()
    expect(call_link(page, "Jo Sister")).to_be_visible()


def test_an_expired_session_online_still_gets_this_phones_call_list(open_phone, casey_with_plan):
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Call Jo Sister")

    page.context.clear_cookies()
    page.goto("/")
    expect(page.get_by_role("heading", name="Recovery is a team effort")).to_be_visible()
    page.get_by_role("link", name="Crisis help").tap()
    expect(call_link(page, "Jo Sister")).to_be_visible()


def test_a_phone_never_signed_in_gets_the_generic_page_and_keeps_nothing(open_phone, casey_with_plan):
    page = open_phone()
    page.goto("/crisis")
    wait_for_worker_control(page)
    expect(page.get_by_role("link", name="Call 112").first).to_be_visible()
    # No wait: the worker decides whether to keep the page before it hands it over, and would
    # have opened the cache by now (Cache Storage runs one origin's operations in turn).
    assert not page.evaluate("caches.has('recoverynet-crisis')")


# ---- The offline outbox ----

def test_three_entries_logged_offline_arrive_once_when_back_online(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    page.context.set_offline(True)

    device_ids = []
    for waiting, mood in enumerate((2, 3, 4), start=1):
        device_ids.append(log_offline(page, mood))
        expect(status(page)).to_have_text("Saved on this phone \u2014 it will be sent when you're back "
                                          f"online ({waiting} waiting).")
        expect(page.locator('input[name="mood"]:checked')).to_have_count(0)  # ready for the next one
    assert len(set(device_ids)) == 3
    queued = page.evaluate("RecoveryNetOutbox.items()")
    assert count(app, Entry) == 0

    page.context.set_offline(False)
    expect(status(page)).to_have_text("All sent.")
    assert wait_for_commit(lambda: count(app, Entry) == 3)
    with app.app_context():
        entries = db.session.scalars(select(Entry).where(Entry.user_id == people["client"])).all()
        assert {e.device_id for e in entries} == set(device_ids)
        assert sorted(e.mood for e in entries) == [2, 3, 4]
        # Filed at the moment of logging, not the moment of sending.
        assert all(abs(e.logged_at - utcnow()) < timedelta(minutes=5) for e in entries)

    # The same items sent again (a retried sync, or page and worker at once) store nothing.
    statuses = page.evaluate("""async (items) => Promise.all(items.map(async (item) =>
                                  (await (await RecoveryNetOutbox.send(item)).json()).status))""", queued)
    assert statuses == ["duplicate"] * 3
    assert page.evaluate("RecoveryNetOutbox.flush().then(r => r.sent)") == 0
    assert count(app, Entry) == 3


def test_logging_offline_without_a_mood_asks_for_one_and_queues_nothing(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    page.context.set_offline(True)

    page.get_by_role("button", name="Save", exact=True).tap()
    expect(status(page)).to_have_text("Please choose how you feel, from 1 to 5.")
    load_outbox_core(page)  # the page fetches it only once something is kept
    assert page.evaluate("RecoveryNetOutbox.count()") == 0


def test_an_entry_that_fails_to_send_online_is_kept_in_the_outbox(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    # The phone says it is online, but the request to /log never gets through.
    page.route("**/log", lambda route: route.abort("internetdisconnected")
               if route.request.method == "POST" else route.continue_())
    log_offline(page, 3)
    # Kept, and sent again: by the page, or already by the worker (Background Sync).
    expect(status(page)).to_contain_text(re.compile(r"\(1 waiting\)|All sent"))

    page.unroute("**/log")
    page.evaluate("dispatchEvent(new Event('online'))")
    expect(status(page)).to_have_text("All sent.")
    assert wait_for_commit(lambda: count(app, Entry) == 1)
    outbox_empty(page)
    assert count(app, Entry) == 1


def test_an_entry_the_server_refuses_is_dropped_with_a_note(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    # A mood out of range can only come from a damaged queue; the server refuses it.
    load_outbox_core(page)  # the page fetches it only once something is kept
    page.evaluate("""RecoveryNetOutbox.add({device_id: crypto.randomUUID(),
                       fields: [["mood", "9"]]})""")
    page.evaluate("dispatchEvent(new Event('online'))")
    expect(status(page)).to_contain_text("couldn't be stored: Please choose a number from 1 to 5.")
    assert page.evaluate("RecoveryNetOutbox.count()") == 0
    assert count(app, Entry) == 0


def test_signing_out_wipes_the_outbox_even_where_clear_site_data_is_unsupported(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    page.goto("/settings")
    # Waiting: the server can't be reached just now, so it stays in the outbox.
    page.route("**/log", lambda route: route.abort("internetdisconnected")
               if route.request.method == "POST" else route.continue_())
    load_outbox_core(page)  # the page fetches it only once something is kept
    page.evaluate("""RecoveryNetOutbox.add({device_id: crypto.randomUUID(),
                       fields: [["mood", "3"], ["note", "private note"]]})""")

    def without_clear_site_data(route):
        response = route.fetch(max_redirects=0)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "clear-site-data"}
        route.fulfill(response=response, headers=headers)
    page.route("**/logout", without_clear_site_data)
    page.get_by_role("button", name="Sign out", exact=True).tap()
    expect(page.get_by_role("heading", name="You're signed out")).to_be_visible()
    wait_until(page, """async () => !(await indexedDB.databases()).some((db) => db.name === "recoverynet-outbox")""")

    page.unroute("**/log")
    sign_in(page)
    send_what_waits(page)  # had anything survived, signing in would send it
    assert page.evaluate("RecoveryNetOutbox.count()") == 0
    assert count(app, Entry) == 0


def test_an_edit_made_offline_is_not_queued_as_a_new_entry(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    with app.app_context():
        entry = Entry(user_id=people["client"], device_id="6f1c2a7e-8d8e-4c55-9a52-1f0f3f7d2b10", mood=2)
        db.session.add(entry)
        db.session.commit()
        entry_id = entry.id
    page.goto(f"/log/{entry_id}/edit")
    wait_for_worker_control(page)
    page.context.set_offline(True)

    tap_pick(page, "mood", 5)
    # Until htmx gives up on sending it: the outbox hears of that first, and would queue it then.
    gave_up = page.evaluate_handle("""() => ({event: new Promise((heard) => ["htmx:sendError", "htmx:responseError"]
                                     .forEach((name) => document.addEventListener(name, heard, {once: true})))})""")
    page.get_by_role("button", name="Save changes").tap()
    page.evaluate("(gave_up) => gave_up.event.then(() => true)", gave_up)
    load_outbox_core(page)  # the page fetches it only once something is kept
    assert page.evaluate("RecoveryNetOutbox.count()") == 0
    assert count(app, Entry) == 1


def test_entries_waiting_while_signed_out_ask_to_sign_in_and_are_kept(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    page.context.set_offline(True)
    log_offline(page, 2)
    expect(status(page)).to_contain_text("1 waiting")

    page.context.clear_cookies()
    page.context.set_offline(False)
    expect(status(page)).to_have_text("Sign in again to send 1 waiting entry.")
    assert page.evaluate("RecoveryNetOutbox.count()") == 1

    sign_in(page)
    expect(status(page)).to_have_text("All sent.")
    assert count(app, Entry) == 1


def test_an_alert_sent_offline_goes_out_once_when_back_online(open_phone, app, people, casey_with_plan):
    member, _ = add_member(app, people["client"], "pat@example.org", "Pat Partner", scopes=["crisis_alerts"])
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Alert my network")
    page.context.set_offline(True)
    page.reload()
    cached_id = page.locator('form.crisis-alert input[name="device_id"]').input_value()

    page.get_by_role("button", name="Alert my network").tap()
    expect(status(page)).to_have_text("No signal. Your alert will go out as soon as you're back online "
                                      "\u2014 text or call now using the buttons above.")
    assert count(app, CrisisAlert) == 0

    page.context.set_offline(False)
    expect(status(page)).to_contain_text("All sent.")
    # Page and worker may both have sent it: the device id makes it one alert.
    outbox_empty(page)
    page.evaluate("RecoveryNetOutbox.flush()")
    with app.app_context():
        alerts = db.session.scalars(select(CrisisAlert)).all()
        assert [(a.user_id, a.notified) for a in alerts] == [(people["client"], 1)]
        assert alerts[0].device_id != cached_id  # a fresh id, not the one in the cached page
    assert count(app, Notification, Notification.user_id == member, Notification.kind == "crisis_alert") == 1


def test_an_alert_from_the_phones_copy_after_the_session_expired_goes_out_after_sign_in(
        open_phone, app, people, casey_with_plan):
    add_member(app, people["client"], "pat@example.org", "Pat Partner", scopes=["crisis_alerts"])
    page = open_phone()
    sign_in(page)
    open_crisis_page_controlled(page, "Alert my network")
    page.context.clear_cookies()
    page.reload()  # the network says "signed out"; the worker shows this phone's own page

    page.get_by_role("button", name="Alert my network").tap()
    expect(status(page)).to_contain_text("Sign in again to send it")
    assert count(app, CrisisAlert) == 0

    sign_in(page)
    expect(status(page)).to_contain_text("Your alert has gone out")
    assert count(app, CrisisAlert) == 1


def test_an_alert_sent_online_confirms_it_went_out(open_phone, app, people, casey_with_plan):
    add_member(app, people["client"], "pat@example.org", "Pat Partner", scopes=["crisis_alerts"])
    page = open_phone()
    sign_in(page)
    page.goto("/crisis")
    page.get_by_role("button", name="Alert my network").tap()
    expect(page.get_by_role("heading", name="Your network has been alerted")).to_be_visible()
    expect(page.get_by_text("1 person has been told")).to_be_visible()
    assert count(app, CrisisAlert) == 1


def test_the_worker_sends_the_outbox_when_the_signal_returns_with_no_page_open(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    page.context.set_offline(True)
    log_offline(page, 4)
    expect(status(page)).to_contain_text("1 waiting")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())") == ["outbox"]

    page.goto("about:blank")  # no page of ours is left to send it
    page.context.set_offline(False)  # Chromium fires the Background Sync it was waiting for
    assert wait_for_commit(lambda: count(app, Entry) == 1, timeout=10)


def test_a_sync_event_makes_the_worker_send_the_outbox(open_phone, app, people, live_server):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    cdp, registration_id = worker_registration(page, live_server + "/")
    # Queued with no sync registered, so only the event this test fires can send it
    # (and the page's own sending fails, should it try before it is gone).
    page.route("**/log", lambda route: route.abort("internetdisconnected"))
    load_outbox_core(page)  # the page fetches it only once something is kept
    page.evaluate("""RecoveryNetOutbox.add({device_id: crypto.randomUUID(),
                       fields: [["mood", "4"], ["logged_at", new Date().toISOString()]]})""")
    assert send_what_waits(page)["remaining"] == 1
    page.goto("about:blank")  # and no page of ours is left to send it
    page.unroute("**/log")
    assert count(app, Entry) == 0

    cdp.send("ServiceWorker.dispatchSyncEvent", {"origin": live_server, "tag": "outbox", "lastChance": False,
                                                 "registrationId": registration_id})
    assert wait_for_commit(lambda: count(app, Entry) == 1)
    with app.app_context():
        assert db.session.scalar(select(Entry.mood)) == 4


# ---- How the crisis page looks, weighs and loads ----

def _navigation_numbers(page):
    """What the Performance API says about the page now open: bytes and milliseconds."""
    return page.evaluate("""() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const rows = [nav, ...performance.getEntriesByType("resource")].map((r) => ({
            name: r.name.replace(location.origin, ""), transfer: r.transferSize || 0,
            encoded: r.encodedBodySize || 0, decoded: r.decodedBodySize || 0}));
        const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
        const paint = performance.getEntriesByName("first-contentful-paint")[0];
        return {rows, transfer: total("transfer"), encoded: total("encoded"), decoded: total("decoded"),
                response: nav.responseEnd, dcl: nav.domContentLoadedEventEnd,
                fcp: paint ? paint.startTime : null, calls: document.querySelectorAll(".call-button").length};
    }""")


def _median_load(page, times=10):
    """Reload `times` times; medians of document received, DOMContentLoaded and first paint (ms)."""
    samples = {"response": [], "dcl": [], "fcp": []}
    for _ in range(times):
        page.reload()
        expect(page.locator(".call-button").first).to_be_visible()
        page.wait_for_load_state("load")
        numbers = _navigation_numbers(page)
        for key in samples:
            if numbers[key] is not None:
                samples[key].append(numbers[key])
    return {key: statistics.median(values) if values else None for key, values in samples.items()}


def test_measure_crisis_page_size_and_time(open_phone, live_server, casey_with_plan):
    page = open_phone()
    sign_in_quickly(page, live_server)
    raw = page.request.get("/crisis")
    assert raw.headers["x-crisis-plan"] == "personal"
    document_bytes = len(raw.body())

    # First visit: no worker yet, everything over the network.
    page.goto("/crisis")
    page.wait_for_load_state("load")
    first = _navigation_numbers(page)
    first_times = {"response": first["response"], "dcl": first["dcl"], "fcp": first["fcp"]}
    # Repeat visits: the worker answers the shell from its cache; the page itself still
    # comes from the network (network first) and is kept for offline.
    wait_for_worker_control(page)
    wait_for_crisis_copy(page, "Call Jo Sister")
    page.reload()
    page.wait_for_load_state("load")
    repeat = _navigation_numbers(page)
    online = _median_load(page)
    page.context.set_offline(True)
    offline = _median_load(page)

    ms = lambda v: "-" if v is None else f"{v:.0f}"  # noqa: E731
    print(f"\nCrisis page /crisis (Casey, one person to call), 390x844; raw document {document_bytes} bytes")
    print("  | first visit, by file        | transfer B | encoded B | decoded B |")
    for row in first["rows"]:
        print(f"  | {row['name']:<27} | {row['transfer']:>10} | {row['encoded']:>9} | {row['decoded']:>9} |")
    print(f"  | total, first visit          | {first['transfer']:>10} | {first['encoded']:>9} | {first['decoded']:>9} |")
    print(f"  | total, repeat (worker)      | {repeat['transfer']:>10} | {repeat['encoded']:>9} | {repeat['decoded']:>9} |")
    print("  | time to call list, ms       | document | DOMContentLoaded | first paint |")
    for label, times in (("first visit (once)", first_times), ("online, median of 10", online),
                         ("offline, median of 10", offline)):
        print(f"  | {label:<27} | {ms(times['response']):>8} | {ms(times['dcl']):>16} | {ms(times['fcp']):>11} |")

    assert first["calls"] >= 3 and document_bytes < 40_000
    assert 0 < first["transfer"] < 150_000 and repeat["transfer"] < first["transfer"]
    assert 0 < online["dcl"] < 3000 and 0 < offline["dcl"] < 3000


@pytest.fixture
def crisis_page_in_full(app, people):
    """Casey's crisis page with everything on it: people, professionals, steps, naloxone, alerts."""
    add_member(app, people["client"], "pat@example.org", "Pat Partner", scopes=["crisis_alerts"])
    with app.app_context():
        plan = CrisisPlan(user_id=people["client"], coping_alone="Cold water on my face\nA walk",
                          distractions="The library", reasons="My daughter", warning_signs="Not sleeping",
                          uses_opioids=True, naloxone_who="Jo", naloxone_where="Kitchen drawer",
                          naloxone_trained="yes")
        plan.callees = [Callee(position=0, name="Jo Sister", daytime_phone="07700 900001",
                               out_of_hours_phone="07700 900003"),
                        Callee(position=1, name="Sam Sponsor", daytime_phone="07700 900002"),
                        Callee(position=2, professional=True, name="Dr Priya Shah (GP surgery)",
                               daytime_phone="020 7946 0000", out_of_hours_phone="111")]
        db.session.add(plan)
        db.session.commit()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_crisis_page_has_no_serious_accessibility_violations(open_phone, live_server, crisis_page_in_full, scheme):
    page = open_phone(color_scheme=scheme)
    sign_in_quickly(page, live_server)
    page.goto("/crisis")
    results = Axe().run(page)
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_every_crisis_button_is_at_least_48px_tall(open_phone, live_server, crisis_page_in_full):
    page = open_phone()
    sign_in_quickly(page, live_server)
    page.goto("/crisis")
    buttons = page.locator(".call-button, .text-button, .alert-button")
    assert buttons.count() >= 8
    heights = {buttons.nth(n).inner_text(): buttons.nth(n).bounding_box()["height"] for n in range(buttons.count())}
    assert {name: h for name, h in heights.items() if h < 48} == {}


@pytest.mark.parametrize("signed_in", [True, False], ids=["personal", "generic"])
def test_crisis_page_fits_the_screen_at_200_percent_zoom(open_phone, live_server, crisis_page_in_full, signed_in):
    # 200 % zoom on a 390 px phone leaves a 195 px wide CSS viewport.
    page = open_phone()
    page.set_viewport_size({"width": 195, "height": 422})
    if signed_in:
        sign_in_quickly(page, live_server)
    page.goto("/crisis")
    expect(page.locator(".call-button").first).to_be_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], widths


@pytest.mark.parametrize("size", list(PHONES))
def test_crisis_page_screenshots_online_offline_and_after_logout(open_phone, crisis_page_in_full, size):
    page = open_phone(size)
    sign_in(page)
    open_crisis_page_controlled(page, "Call Jo Sister")
    screenshot(page, f"crisis-online-{size}")

    page.context.set_offline(True)
    page.reload()
    expect(call_link(page, "Jo Sister").first).to_be_visible()
    page.get_by_role("button", name="Alert my network").tap()
    expect(status(page)).to_contain_text("No signal")
    # What the thumb sees right after the tap (a full-page shot misplaces the fixed tab bar).
    page.screenshot(path=os.path.join(SCREENSHOTS, f"crisis-offline-alert-tapped-{size}.png"))
    screenshot(page, f"crisis-offline-{size}")

    page.context.set_offline(False)
    expect(status(page)).to_contain_text("All sent")
    page.goto("/settings")
    page.get_by_role("button", name="Sign out", exact=True).tap()
    expect(page.get_by_role("heading", name="You're signed out")).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
    page.context.set_offline(True)
    page.goto("/crisis")
    expect(page.get_by_role("link", name="Call 999").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Jo Sister")
    screenshot(page, f"crisis-after-logout-offline-{size}")
