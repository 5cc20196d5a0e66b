"""The monthly care-team review on phones at 390x844 and 360x740: Casey finds it from the weekly
check-in, chooses its day and Mia (a missing time is said beside its field, the day kept), marks
her crisis plan reviewed in the middle of typing (nothing typed is lost), is told gently about a
day in the future (everything kept), saves it; Mia reads it on her phone, without Casey's private
note. No page scrolls sideways."""
import pytest
from playwright.sync_api import expect

from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.needs.models import Need, NeedHelper
from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_monthly_review_on_a_phone_read_by_a_participant(app, open_phone, live_server, people, size):
    casey_id = people["client"]
    mia_id, mia_card = add_member(app, casey_id, "mia@example.org", "Mia Partner", scopes=("checkins",))
    with app.app_context():
        db.session.add_all([CrisisPlan(user_id=casey_id, warning_signs="Not sleeping"),
                            Need(client_id=casey_id, area="housing", title="Find a flat near work",
                                 helpers=[NeedHelper(contact_id=mia_card)])])
        db.session.commit()
    casey = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(casey, live_server)
    casey.goto("/")
    casey.get_by_role("link", name="Weekly check-in", exact=True).tap()
    casey.get_by_role("link", name="Monthly care-team review").tap()
    casey.get_by_role("link", name="Choose a day each month").tap()
    casey.get_by_label("Day of the month").select_option("20")
    casey.get_by_role("button", name="Save the monthly review").tap()
    expect(casey.locator("#time-error")).to_have_text("Please choose a time.")
    expect(casey.get_by_label("Day of the month")).to_have_value("20")
    assert no_sideways_scroll(casey)
    screenshot(casey, f"review-schedule-error-{size}")
    casey.get_by_label("Time (your time zone)").fill("18:00")
    casey.get_by_label("Mia Partner").check()
    casey.get_by_role("button", name="Save the monthly review").tap()
    expect(casey.get_by_text("You and everyone taking part get a reminder the day before.").first).to_be_visible()

    # In the meeting: a few words, then the crisis plan is marked reviewed; what was typed stays.
    expect(casey.get_by_label("Mia Partner")).to_be_checked()
    expect(casey.get_by_text("Find a flat near work")).to_be_visible()
    expect(casey.locator(".roles")).to_contain_text("helps with 1 open need")
    casey.get_by_label("Goals for the month ahead").fill("Walk every morning")
    casey.get_by_label("A note only you will see (optional)").fill("Felt heard today")
    casey.get_by_role("button", name="It's still right: mark it reviewed today").tap()
    expect(casey.get_by_text("The crisis plan was last marked reviewed on")).to_be_visible()
    expect(casey.get_by_label("Goals for the month ahead")).to_have_value("Walk every morning")
    expect(casey.get_by_label("A note only you will see (optional)")).to_have_value("Felt heard today")
    assert no_sideways_scroll(casey)
    screenshot(casey, f"review-crisis-marked-{size}")

    # A day in the future is said beside its field; nothing typed is lost.
    casey.get_by_label("Day of the review").fill("2099-01-01")
    casey.get_by_label("Safety: is the crisis plan still right?").fill("Still right, Mia has a copy")
    casey.get_by_role("button", name="Save this review").tap()
    expect(casey.locator("#held_on-error")).to_have_text("That date is in the future. Please choose today or earlier.")
    expect(casey.get_by_label("Goals for the month ahead")).to_have_value("Walk every morning")
    expect(casey.get_by_label("Safety: is the crisis plan still right?")).to_have_value("Still right, Mia has a copy")
    expect(casey.get_by_label("Mia Partner")).to_be_checked()
    screenshot(casey, f"review-error-{size}")
    casey.get_by_label("Day of the review").fill("2026-01-10")
    casey.get_by_role("button", name="Save this review").tap()
    expect(casey.get_by_text("Your monthly review is saved.")).to_be_visible()
    casey.get_by_role("link", name="10 January 2026").tap()
    expect(casey.get_by_text("Taking part: Casey Client, Mia Partner")).to_be_visible()
    expect(casey.get_by_text("Felt heard today")).to_be_visible()
    assert no_sideways_scroll(casey)
    screenshot(casey, f"review-saved-{size}")

    mia = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(mia, live_server, "mia@example.org")
    mia.goto(f"/checkins/{casey_id}")
    mia.get_by_role("link", name="Monthly care-team review").tap()
    expect(mia.get_by_text("You are asked to take part.")).to_be_visible()
    assert no_sideways_scroll(mia)
    screenshot(mia, f"review-member-{size}")
    mia.get_by_role("link", name="10 January 2026").tap()
    expect(mia.get_by_text("Walk every morning")).to_be_visible()
    expect(mia.get_by_text("Felt heard today")).to_have_count(0)
    assert no_sideways_scroll(mia)
    screenshot(mia, f"review-member-reads-{size}")
