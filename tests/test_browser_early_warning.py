"""Early warning on phones at 390x844 and 360x740: two cravings of 9 this evening, and the worker's
pass (part C's real flags) prompts Sam, who holds the scope. Casey finds "Early warning" under her
map and reads who gets a prompt and who was told, and why; Sam's card says plainly what the scope
gives; Sam opens his inbox item, which leads to Casey's page as members see it. No page scrolls
sideways."""
import pytest
from playwright.sync_api import expect

from recoverynet.warning.notices import notice_new_signs, tell_waiting_members
from tests.helpers import NO_WORKER, add_entries, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_early_warning_on_a_phone_the_client_sees_who_was_told_and_the_member_opens_the_prompt(
        app, open_phone, live_server, people, size):
    casey_id = people["client"]
    add_member(app, casey_id, "sam@example.org", "Sam Sponsor", scopes=("warning_signs", "sober_days"),
               card_name="Sam")
    add_entries(app, casey_id, 2, craving=9, mood=3)
    with app.app_context():
        notice_new_signs()
        assert tell_waiting_members() == 1

    casey = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(casey, live_server)
    casey.goto("/network")
    casey.get_by_role("link", name="Early warning").tap()
    expect(casey.get_by_role("heading", name="Early warning")).to_be_visible()
    expect(casey.get_by_text("Craving 8 or more 2 times within 48 hours")).to_be_visible()
    expect(casey.get_by_text("We let Sam know you might like a call.")).to_be_visible()
    assert no_sideways_scroll(casey)
    screenshot(casey, f"early-warning-{size}")
    casey.get_by_role("link", name="Sam", exact=True).tap()
    expect(casey.get_by_text("They never see what you logged or why.")).to_be_visible()
    expect(casey.get_by_label("Early warning: a prompt to check in when things look hard")).to_be_checked()
    assert no_sideways_scroll(casey)
    screenshot(casey, f"early-warning-card-{size}")

    sam = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(sam, live_server, "sam@example.org")
    sam.goto("/notifications")
    sam.get_by_text("Casey Client might like a call today. A short, warm check-in helps.").tap()
    expect(sam).to_have_url(f"{live_server}/support/{casey_id}")
    expect(sam.get_by_text("Craving 8 or more")).to_have_count(0)
    assert no_sideways_scroll(sam)
    screenshot(sam, f"early-warning-member-{size}")
