"""In a real browser at 360 px: Home's newest word from the network and its thank-you, the
client's own triggers, and the sign-up time zone with and without JavaScript (issue 15)."""
import pytest
from playwright.sync_api import expect

from recoverynet.extensions import db
from recoverynet.rewards.models import Encouragement
from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_client_thanks_for_the_newest_encouragement_from_home(app, open_phone, live_server, people, scheme):
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia Member")
    with app.app_context():
        db.session.add(Encouragement(client_id=people["client"], sender_id=mia,
                                     text="Thinking of you today. You've come so far."))
        db.session.commit()
    page = open_phone(size="360x740", color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/")
    card = page.get_by_role("region", name="From your network")
    expect(card.get_by_text("Thinking of you today. You've come so far.")).to_be_visible()
    expect(card.get_by_text("Mia Member ·")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"home-encouragement-360x740-{scheme}")
    card.get_by_text("Add a few words (optional)").tap()
    page.get_by_label("Your words to Mia Member").fill("It really helped tonight.")
    card.get_by_role("button", name="Say thank you to Mia Member").tap()
    expect(page.get_by_text("Your thanks are sent.")).to_be_visible()
    expect(page.get_by_text("You said thank you to Mia Member.")).to_be_visible()
    screenshot(page, f"home-encouragement-thanked-360x740-{scheme}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_client_renames_hides_and_deletes_their_own_triggers(open_phone, live_server, people, scheme):
    page = open_phone(size="360x740", color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server)
    for own in ("night shift", "payday weekend"):
        page.request.post("/log", form={"mood": "3", "new_trigger": own}, headers={"Origin": live_server})
    page.goto("/log/new")
    page.get_by_role("link", name="Rename, hide or delete your own triggers").tap()
    expect(page.get_by_role("heading", name="Your triggers")).to_be_visible()
    night_shift = page.locator("li.own-trigger", has=page.get_by_label("New words for “night shift”"))
    night_shift.get_by_label("New words for “night shift”").fill("late shifts")
    night_shift.get_by_role("button", name="Rename").tap()
    expect(page.get_by_text("Renamed to “late shifts”.")).to_be_visible()
    page.get_by_role("button", name="Hide from the log form “payday weekend”").tap()
    expect(page.get_by_text("“payday weekend” is hidden from the log form.")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"own-triggers-360x740-{scheme}")
    page.get_by_role("button", name="Delete “late shifts”").tap()
    expect(page.get_by_text("“late shifts” is deleted. Entries you already logged keep it.")).to_be_visible()
    page.goto("/log")
    expect(page.get_by_text("night shift").first).to_be_visible()  # the entry keeps its words


def test_with_javascript_the_phones_own_zone_replaces_the_regions_guess(open_phone):
    page = open_phone(size="360x740", locale="es-MX", timezone_id="Europe/Berlin", **NO_WORKER)
    page.goto("/signup")
    expect(page.locator("#timezone")).to_have_value("Europe/Berlin")


def test_without_javascript_sign_up_chooses_the_zone_of_the_browsers_region(open_phone):
    page = open_phone(size="360x740", locale="es-MX", timezone_id="Europe/Berlin", java_script_enabled=False,
                      **NO_WORKER)
    page.goto("/signup")
    expect(page.locator("#timezone")).to_have_value("America/Mexico_City")
