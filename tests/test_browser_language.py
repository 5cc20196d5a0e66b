"""Changing language in a real browser: what was typed stays, and a Spanish speaker's offline crisis
page and offline log speak Spanish (their sentences come from the page the phone saved)."""
import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.extensions import db
from tests.helpers import JO, NO_WORKER, PASSWORD, give_plan, screenshot, sign_in, wait_for_worker_control, wait_until

pytestmark = pytest.mark.browser


def test_switching_language_on_the_sign_up_page_keeps_what_was_typed_but_not_the_password(open_phone):
    page = open_phone(size="360x740")
    page.goto("/signup")
    page.locator('input[name="display_name"]').fill("Zephyrine")
    page.locator('input[name="email"]').fill("zephyrine@example.org")
    page.locator('input[name="password"]').fill("a long secret phrase")
    page.get_by_role("button", name="Español").tap()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator('input[name="display_name"]')).to_have_value("Zephyrine")
    expect(page.locator('input[name="email"]')).to_have_value("zephyrine@example.org")
    expect(page.locator('input[name="password"]')).to_have_value("")  # never kept in the browser
    expect(page.get_by_role("button", name="English")).to_be_visible()
    screenshot(page, "language-switch-signup-es-360x740-light")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "language-switch-signup-es-360x740-dark")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.fixture
def spanish_casey(app, people):
    give_plan(app, people["client"], JO)
    with app.app_context():
        db.session.get(User, people["client"]).language = "es"
        db.session.commit()


def test_a_spanish_speakers_offline_log_asks_for_a_mood_in_spanish(open_phone, spanish_casey):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    page.context.set_offline(True)

    page.locator("form.log-form button[type=submit]").first.tap()
    expect(page.locator("#outbox-status")).to_have_text("Elige cómo te sientes, del 1 al 5.")


def test_the_offline_crisis_page_keeps_the_language_it_was_saved_in(open_phone, spanish_casey):
    page = open_phone()
    sign_in(page)
    page.goto("/crisis")
    wait_for_worker_control(page)
    wait_until(page, """async () => {
        const copy = await caches.match("/crisis", {cacheName: "recoverynet-crisis"});
        return Boolean(copy) && (await copy.text()).includes('lang="es"');
    }""")
    page.context.set_offline(True)

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Ayuda en crisis")).to_be_visible()
    assert page.evaluate("RecoveryNetStrings.text('alert_queued')").startswith("Sin señal.")


def test_changing_language_in_settings_keeps_unsaved_changes_in_the_other_forms_but_saves_none(open_phone, app, people):
    """Settings holds several forms; choosing a language sends only its own. What was typed in the
    others stays in the fields, in the new language's page, still to be saved by their own button
    (a language change that also saved a half-typed name would be a surprise); a password is
    never kept."""
    page = open_phone(size="360x740", **NO_WORKER)
    sign_in(page)
    page.goto("/settings")
    page.locator('input[name="display_name"]').fill("Casey Nueva")
    page.locator('input[name="sober_since"]').fill("2026-01-10")
    page.locator('select[name="timezone"]').select_option("Europe/Madrid")
    page.locator('input[name="current_password"]').fill(PASSWORD)
    page.locator('input[name="language"][value="es"]').check()
    page.get_by_role("button", name="Save language").tap()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("Tu idioma está guardado.")).to_be_visible()
    expect(page.locator('input[name="display_name"]')).to_have_value("Casey Nueva")
    expect(page.locator('input[name="sober_since"]')).to_have_value("2026-01-10")
    expect(page.locator('select[name="timezone"]')).to_have_value("Europe/Madrid")
    expect(page.locator('input[name="current_password"]')).to_have_value("")
    with app.app_context():
        casey = db.session.get(User, people["client"])
        assert (casey.language, casey.display_name, casey.sober_since, casey.timezone) == (
            "es", "Casey Client", None, "Europe/London")
    screenshot(page, "language-settings-es-360x740-light")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
