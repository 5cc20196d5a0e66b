"""Medication support on a phone: today's dose answered from Home, the medication page, and a dose
answered from the notification's button by the real service worker (the push handed to it over
the DevTools protocol, as tests/test_browser_push.py does), online and with no signal."""
import json
from datetime import timedelta

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError, expect
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.medication.models import MedicationAnswer
from recoverynet.reminders.due import reminder_payload
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import (
    no_sideways_scroll, screenshot, sign_in_quickly, wait_for_commit, wait_for_events, wait_for_worker_control, worker_registration)

pytestmark = pytest.mark.browser


@pytest.fixture
def pills(app, people):
    """Casey's medication reminder: a dose just after midnight (so it has always gone off today) and
    one at 23:59, made two weeks ago; last week's doses answered, one of them "Not today"."""
    with app.app_context():
        reminder = Reminder(user_id=people["client"], kind="medication", title="Naltrexone", times="00:01,23:59",
                            created_at=utcnow() - timedelta(days=14))
        db.session.add(reminder)
        db.session.flush()
        today = local_today("Europe/London")
        db.session.add_all(MedicationAnswer(user_id=people["client"], reminder_id=reminder.id,
                                            day=today - timedelta(days=back), slot="00:01",
                                            answer="not_today" if back == 3 else "taken") for back in range(2, 8))
        db.session.commit()
        return reminder.id


def answers(app, reminder_id) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(MedicationAnswer.day, MedicationAnswer.slot, MedicationAnswer.answer)
            .where(MedicationAnswer.reminder_id == reminder_id, MedicationAnswer.day >= local_today("Europe/London")))]


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_dose_is_answered_from_home_and_the_page_shows_how_it_has_gone(open_phone, live_server, app, pills, size):
    page = open_phone(size)
    sign_in_quickly(page, live_server)
    page.goto("/")
    block = page.locator(".doses-home")
    expect(block.get_by_text("Naltrexone")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"medication-home-{size}")
    block.get_by_role("button", name="Taken").tap()
    expect(page.get_by_text("Saved: taken.")).to_be_visible()
    expect(page.locator(".doses-home")).to_have_count(0)
    assert answers(app, pills) == [(local_today("Europe/London"), "00:01", "taken")]

    page.locator(".shortcuts").get_by_role("link", name="Medication").tap()
    expect(page.get_by_role("heading", name="Medication", exact=True)).to_be_visible()
    today = page.locator("section", has=page.get_by_role("heading", name="Today"))
    expect(today.locator('button[aria-pressed="true"]')).to_have_text("Taken")
    expect(page.get_by_text("Last 7 days")).to_be_visible()
    expect(page.get_by_text("Not today").first).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"medication-page-{size}-light")
    page.emulate_media(color_scheme="dark")
    screenshot(page, f"medication-page-{size}-dark")


def push_dose(page, live_server, app, people, reminder_id):
    """Hand the reminder's push to the service worker and wait until it shows it."""
    with app.app_context():
        casey = db.session.get(User, people["client"])
        body = reminder_payload(db.session.get(Reminder, reminder_id), casey, utcnow())
    session, registration = worker_registration(page, live_server + "/")
    # A push handed over while the worker is still starting up can be dropped on a busy machine (seen once
    # on CI): hand it over again, up to three times, until the worker has shown it.
    for attempt in range(3):
        session.send("ServiceWorker.deliverPushMessage", {"origin": live_server, "registrationId": registration,
                                                          "data": body})
        try:
            return page.wait_for_function("""() => {
                navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((shown) => {
                    window.__shown = shown.map((n) => ({title: n.title, body: n.body,
                                                        actions: n.actions.map((a) => a.title)}));
                });
                return (window.__shown || []).length && window.__shown;
            }""", polling=100, timeout=10_000).json_value()
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise


def waiting(page) -> list[str]:
    """The kinds of what waits in the phone's outbox (IndexedDB), read from the page."""
    return json.loads(page.evaluate("""() => new Promise((resolve) => {
        const open = indexedDB.open("recoverynet-outbox", 1);
        open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("items")) { db.close(); resolve("[]"); return; }
            const request = db.transaction("items").objectStore("items").getAll();
            request.onsuccess = () => { db.close(); resolve(JSON.stringify(request.result.map((item) => item.kind))); };
        };
    })"""))


# A tap on one of the notification's buttons, as the browser would dispatch it; the test waits for
# what the worker's handler hands to waitUntil, as the browser keeps the worker alive for it.
CLICK = """async (action) => {
    const [notification] = await self.registration.getNotifications();
    const event = new NotificationEvent("notificationclick", {notification, action});
    const kept = [];
    const waitUntil = event.waitUntil.bind(event);
    event.waitUntil = (promise) => { kept.push(promise); waitUntil(promise); };
    self.dispatchEvent(event);
    await Promise.all(kept);
}"""


def test_the_notifications_done_button_records_the_dose(open_phone, live_server, app, people, pills):
    page = open_phone("390x844", permissions=["notifications"])
    sign_in_quickly(page, live_server)
    page.goto("/")
    wait_for_worker_control(page)
    [shown] = push_dose(page, live_server, app, people, pills)
    assert (shown["title"], shown["body"]) == ("Reminder", "Time for your reminder")
    assert shown["actions"][:2] == ["Done", "Not today"]
    page.context.service_workers[0].evaluate(CLICK, "taken")
    assert wait_for_commit(lambda: answers(app, pills) != [])
    today = local_today("Europe/London")
    assert answers(app, pills) in ([(today, "00:01", "taken")], [(today, "23:59", "taken")])


def test_with_no_signal_the_answer_waits_and_is_sent_later(open_phone, live_server, app, people, pills):
    page = open_phone("360x740", permissions=["notifications"])
    sign_in_quickly(page, live_server)
    page.goto("/")
    wait_for_worker_control(page)
    push_dose(page, live_server, app, people, pills)
    page.context.set_offline(True)
    worker = page.context.service_workers[0]
    worker.evaluate(CLICK, "not_today")
    wait_for_events(page, lambda: waiting(page))  # the worker's fetch fails, then it keeps the answer
    assert waiting(page) == ["medication"]
    assert answers(app, pills) == []
    page.context.set_offline(False)
    worker.evaluate("() => self.RecoveryNetOutbox.flush()")
    assert wait_for_commit(lambda: answers(app, pills) != [])
    assert [answer for _, _, answer in answers(app, pills)] == ["not_today"]
    assert waiting(page) == []
