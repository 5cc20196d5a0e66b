"""The pages a phone keeps for no signal speak the language they were saved in, and are saved
again when the person chooses another (issue 16), in the real Chromium at phone size.

The worker keeps the offline page (precached when it is installed) and the client's own crisis
page; every page tells it its language (sw-register.js), and the worker fetches a fresh copy of
each saved page whose <html lang> differs. Waits are for conditions, never for a fixed time, but
for once: that a late answer changes nothing is watched for a second.
"""
import threading

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.extensions import db
from tests.helpers import JO, give_plan, screenshot, sign_in_quickly, stays_false, wait_for_worker_control, wait_until

pytestmark = pytest.mark.browser


def wait_for_saved_page(page, url, cache_name, text):
    """Wait until the worker's saved copy of `url` holds `text`."""
    wait_until(page, """async ([url, cacheName, text]) => {
                          const copy = await caches.match(url, {cacheName, ignoreVary: true});
                          return Boolean(copy) && (await copy.text()).includes(text);
                        }""", arg=[url, cache_name, text])


def wait_for_offline_page(page, text):
    """The offline page lives in the versioned static cache, whatever its version's name."""
    wait_until(page, """async (text) => {
                          const name = (await caches.keys()).find((n) => n.startsWith("recoverynet-static-"));
                          const copy = name && await caches.match("/offline", {cacheName: name, ignoreVary: true});
                          return Boolean(copy) && (await copy.text()).includes(text);
                        }""", arg=text)


@pytest.fixture
def spanish_casey(app, people):
    give_plan(app, people["client"], JO)
    with app.app_context():
        casey = db.session.get(User, people["client"])
        casey.language, casey.country = "es", "US"
        db.session.commit()
    return people["client"]


def test_choosing_english_saves_the_offline_crisis_page_again_in_english(open_phone, live_server, spanish_casey):
    page = open_phone()
    sign_in_quickly(page, live_server)
    page.goto("/")  # the page after sign-in asks for a fresh copy (in Spanish): not later, mid-change
    page.goto("/crisis")
    wait_for_worker_control(page)
    wait_for_saved_page(page, "/crisis", "recoverynet-crisis", '<html lang="es">')

    page.goto("/settings")
    page.locator('input[name="language"][value="en"]').check()
    page.locator("form[data-language-form] button[type=submit]").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Not the crisis page: the settings page told the worker, which saved the crisis page again.
    wait_for_saved_page(page, "/crisis", "recoverynet-crisis", '<html lang="en">')

    page.context.set_offline(True)
    page.goto("/crisis")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Call Jo Sister")).to_be_visible()


@pytest.fixture
def late_crisis_answer(app):
    """Once armed, the next GET /crisis is answered at once (in the language of that moment) but
    the answer is held back until the test lets it go: a slow network's late answer. Returns
    (armed, made, let_go, sent), four events."""
    armed, made, let_go, sent = (threading.Event() for _ in range(4))
    inner = app.wsgi_app

    def holding(environ, start_response):
        if not (armed.is_set() and environ["REQUEST_METHOD"] == "GET" and environ["PATH_INFO"] == "/crisis"):
            return inner(environ, start_response)
        armed.clear()
        answer = {}
        parts = inner(environ, lambda status, headers, exc_info=None: answer.update(status=status, headers=headers))
        try:
            body = b"".join(parts)
        finally:
            getattr(parts, "close", lambda: None)()
        made.set()
        let_go.wait(timeout=30)
        start_response(answer["status"], answer["headers"])
        sent.set()
        return [body]

    app.wsgi_app = holding
    yield armed, made, let_go, sent
    let_go.set()
    app.wsgi_app = inner


def saved_crisis_language(page) -> str | None:
    return page.evaluate("""async () => {
        const copy = await caches.match("/crisis", {cacheName: "recoverynet-crisis", ignoreVary: true});
        const found = copy && (await copy.text()).match(/<html lang="([^"]+)"/);
        return found ? found[1] : null;
    }""")


def test_a_copy_asked_for_before_the_language_changed_never_replaces_the_newer_one(
        open_phone, live_server, spanish_casey, late_crisis_answer):
    armed, made, let_go, sent = late_crisis_answer
    page = open_phone()
    sign_in_quickly(page, live_server)
    page.goto("/crisis")
    wait_for_worker_control(page)
    wait_for_saved_page(page, "/crisis", "recoverynet-crisis", '<html lang="es">')
    page.goto("/settings")
    page.wait_for_load_state("networkidle")  # every copy this page asked for has arrived

    armed.set()  # the worker's next copy is made in Spanish now, and arrives late
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'refresh-crisis'})")
    assert made.wait(timeout=10)
    page.locator('input[name="language"][value="en"]').check()
    page.locator("form[data-language-form] button[type=submit]").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    wait_for_saved_page(page, "/crisis", "recoverynet-crisis", '<html lang="en">')

    let_go.set()  # the Spanish answer, asked for first, arrives last
    assert sent.wait(timeout=10)
    assert stays_false(page, """async () => {  // watched for a second: the copy never turns Spanish
        const copy = await caches.match("/crisis", {cacheName: "recoverynet-crisis", ignoreVary: true});
        return !copy || !(await copy.text()).includes('<html lang="en">');
    }""")
    assert saved_crisis_language(page) == "en"


def test_the_offline_page_follows_a_language_chosen_after_the_worker_was_installed(
        open_phone, live_server, spanish_casey):
    page = open_phone(size="360x740")
    page.goto("/login")  # an English browser, signed out: the worker saves the offline page in English
    wait_for_worker_control(page)
    wait_for_offline_page(page, '<html lang="en">')

    sign_in_quickly(page, live_server)
    page.goto("/")  # Casey reads Spanish: this page says so, and the worker saves it again
    expect(page.locator("html")).to_have_attribute("lang", "es")
    wait_for_offline_page(page, '<html lang="es">')

    page.context.set_offline(True)
    page.goto("/log")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Sin conexión")).to_be_visible()
    expect(page.get_by_role("link", name="Llamar al 911").first).to_be_visible()
    screenshot(page, "offline-page-es-360x740")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_an_htmx_request_with_no_signal_gets_the_offline_note_in_the_saved_language(
        open_phone, live_server, spanish_casey):
    page = open_phone()
    sign_in_quickly(page, live_server)
    page.goto("/")
    wait_for_worker_control(page)
    wait_for_offline_page(page, '<html lang="es">')

    page.context.set_offline(True)
    page.locator('nav.tabbar a[href="/log"]').tap()  # a boosted link: an htmx request, not a navigation
    expect(page.locator(".offline-note")).to_have_text(
        "Sin conexión. Esto volverá a funcionar cuando vuelvas a tener conexión.")


def test_a_spanish_speakers_crisis_page_opens_offline_with_the_spanish_line_first(
        open_phone, live_server, spanish_casey):
    page = open_phone(size="360x740")
    sign_in_quickly(page, live_server)
    page.goto("/crisis")
    wait_for_worker_control(page)
    wait_for_saved_page(page, "/crisis", "recoverynet-crisis", "Llamar a Jo Sister")

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("link", name="Llamar a Jo Sister")).to_be_visible()
    numbers = page.locator(".numbers .call-button")
    expect(numbers.nth(0)).to_have_attribute("href", "tel:911")
    expect(numbers.nth(1)).to_contain_text("Llama al 988 y marca 2 para hablar en español.")
    screenshot(page, "crisis-offline-es-360x740")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
