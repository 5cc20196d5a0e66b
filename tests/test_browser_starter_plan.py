"""The starter plan and the network's checklist in the real Chromium at phone sizes: Casey, new
here and half way through week 1, plans a sober activity from her Home (an empty one is said
beside its field), sees the step tick, hides the plan and shows it again from Settings; her
network page shows what is in place and what is not yet."""
from datetime import date

import pytest
from playwright.sync_api import expect

from recoverynet.checkins.models import CheckinPlan
from recoverynet.extensions import db
from recoverynet.meetings.models import Meeting
from recoverynet.network.models import Contact, Invite
from recoverynet.timeutil import utcnow
from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly

pytestmark = pytest.mark.browser


@pytest.fixture
def half_done(app, people):
    """Casey's map has a clinician she invited, her sister and a friend; she scheduled the weekly
    check-in and went to a meeting. Oli, beside her, has none of it."""
    casey = people["client"]
    with app.app_context():
        clinician = Contact(client_id=casey, name="Dr Amara Okafor", relationship="clinician", circle="outer")
        db.session.add_all([clinician, Contact(client_id=casey, name="Jo", relationship="sibling", circle="inner"),
                            Contact(client_id=casey, name="Priya", relationship="friend")])
        db.session.flush()
        db.session.add(Invite(contact_id=clinician.id, token_hash="starter-browser", expires_at=utcnow()))
        db.session.add(CheckinPlan(client_id=casey, weekday=2, time="18:30"))
        db.session.add(Meeting(client_id=casey, attended_on=date.today(), kind="smart"))
        db.session.commit()
    return casey


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_new_client_follows_the_starter_plan_from_home(open_phone, live_server, half_done, size):
    page = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/")
    plan = page.locator(".starter-plan")
    expect(plan.get_by_role("heading", name="Your first month")).to_be_visible()
    expect(plan.get_by_text("5 of 14 steps done")).to_be_visible()
    expect(plan.get_by_role("link", name="Done: Invite a clinician")).to_be_visible()
    expect(plan.get_by_role("link", name="Still to do: Invite a peer: a peer coach or sponsor")).to_be_visible()
    assert no_sideways_scroll(page)
    plan.scroll_into_view_if_needed()
    screenshot(page, f"starter-plan-home-{size}")

    plan.get_by_text("Week 3").tap()
    plan.get_by_role("link", name="Still to do: Plan one sober social activity").tap()
    # Home has a Save too (the quick log): wait for the activity's page before tapping one.
    expect(page.get_by_label("What are you planning?")).to_be_visible()
    page.get_by_role("button", name="Save").tap()
    expect(page.locator("#sober_activity-error")).to_have_text("Write a few words about what you plan.")
    assert no_sideways_scroll(page)
    screenshot(page, f"starter-plan-activity-error-{size}")
    page.get_by_label("What are you planning?").fill("Climbing with Priya on Saturday")
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_text("Saved. Enjoy it.")).to_be_visible()
    expect(plan.get_by_text("6 of 14 steps done")).to_be_visible()

    plan.get_by_role("button", name="Hide the starter plan").tap()
    expect(page.get_by_text("The starter plan is hidden. You can show it again from Settings.")).to_be_visible()
    expect(page.locator(".starter-plan")).to_have_count(0)
    page.goto("/settings")
    page.get_by_role("button", name="Show me the starter plan").tap()
    expect(page.locator(".starter-plan").get_by_text("6 of 14 steps done")).to_be_visible()


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_the_network_page_shows_a_basic_working_network(open_phone, live_server, half_done, size):
    page = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/network")
    checklist = page.locator(".working-network")
    expect(checklist.get_by_text("4 of 8 in place")).to_be_visible()
    expect(checklist.get_by_role("link", name="Done: A named clinical lead: a clinician on your map")).to_be_visible()
    expect(checklist.get_by_role("link", name="Still to do: A peer worker: a peer coach or sponsor")).to_be_visible()
    assert no_sideways_scroll(page)
    checklist.scroll_into_view_if_needed()
    screenshot(page, f"starter-network-checklist-{size}")
    checklist.get_by_role("link", name="Still to do: A sober activity you enjoy with others").tap()
    expect(page.get_by_role("heading", name="A sober social activity")).to_be_visible()
