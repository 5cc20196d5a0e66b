"""In a real browser at 390x844 and 360x740 (light and dark): looking back at a slip from Home's calm
offer, a step at a time, with a log entry used as a starting point (with and without JavaScript)
and the chain built and reordered with plain buttons; then a member asked for their view writes it."""
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.extensions import db
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import NO_WORKER, add_entries, no_sideways_scroll, screenshot, set_sober_since, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser
SIZES = [("390x844", "light"), ("360x740", "dark")]


def targets_under_44px(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('main button, main .button')]
        .filter(e => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 44)
        .map(e => e.textContent.trim())""")


@pytest.mark.parametrize(("size", "scheme"), SIZES)
def test_a_client_looks_back_at_a_slip_step_by_step(app, open_phone, live_server, people, size, scheme):
    casey = people["client"]
    set_sober_since(app, casey, local_today("Europe/London") - timedelta(days=40))
    add_entries(app, casey, 1, thoughts="Nobody would know, just this once", feelings="Lonely after the call",
                situation="Payday, home alone", craving=8)
    page = open_phone(size=size, color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/slip")
    page.get_by_label("Keep my count from", exact=False).check()
    page.get_by_role("button", name="Save").tap()
    offer = page.get_by_role("link", name="When you're ready: look back at", exact=False)
    expect(offer).to_be_visible()
    screenshot(page, f"analysis-home-offer-{size}-{scheme}")
    offer.tap()
    page.get_by_role("button", name="Look back at", exact=False).first.tap()
    expect(page.get_by_role("heading", name="Before")).to_be_visible()
    page.get_by_label("Where were you?").fill("At home")
    page.locator("details.starting-points summary").tap()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.get_by_role("button", name="Use this (What was the situation?)").first.tap()
    expect(page.get_by_label("What was the situation?")).to_have_value("Payday, home alone")
    assert posts == []  # with script the words are added in place, without a round trip
    assert no_sideways_scroll(page) and targets_under_44px(page) == []
    screenshot(page, f"analysis-before-{size}-{scheme}")
    page.get_by_role("button", name="Save and go on").tap()
    expect(page.get_by_role("heading", name="Inside")).to_be_visible()
    page.get_by_role("button", name="Save and go on").tap()
    expect(page.get_by_role("heading", name="The chain of steps")).to_be_visible()
    page.get_by_label("Step 1").fill("Walked past the pub")
    page.get_by_role("button", name="Add another step").tap()
    page.get_by_label("Step 2").fill("Got paid")
    page.get_by_role("button", name="Move up step 2").tap()
    expect(page.get_by_label("Step 1")).to_have_value("Got paid")
    expect(page.get_by_label("Step 2")).to_have_value("Walked past the pub")
    assert no_sideways_scroll(page) and targets_under_44px(page) == []
    screenshot(page, f"analysis-chain-{size}-{scheme}")
    page.get_by_role("button", name="Save and stop for now").tap()
    expect(page.get_by_text("Saved. You can come back to it any time.")).to_be_visible()
    expect(page.get_by_text("At home")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"analysis-overview-{size}-{scheme}")
    with app.app_context():
        saved = db.session.scalar(db.select(Analysis))
        assert (saved.place, saved.situation, saved.steps) == ("At home", "Payday, home alone",
                                                               ["Got paid", "Walked past the pub"])


def test_use_this_works_without_javascript_and_keeps_what_was_typed(app, open_phone, live_server, people):
    casey = people["client"]
    add_entries(app, casey, 1, thoughts="Nobody would know")
    with app.app_context():
        looking_back = Analysis(client_id=casey, looked_at=local_today("Europe/London"))
        db.session.add(looking_back)
        db.session.commit()
        analysis_id = looking_back.id
    page = open_phone(size="360x740", java_script_enabled=False, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto(f"/analysis/{analysis_id}/inside")
    page.get_by_label("What were you feeling?").fill("Tired and cross")
    page.locator("details.starting-points summary").click()
    page.get_by_role("button", name="Use this (What were you thinking?)").click()
    expect(page.get_by_label("What were you thinking?")).to_have_value("Nobody would know")
    expect(page.get_by_label("What were you feeling?")).to_have_value("Tired and cross")


@pytest.mark.parametrize(("size", "scheme"), SIZES)
def test_a_member_asked_writes_their_view_beside_the_clients(app, open_phone, live_server, people, size, scheme):
    casey = people["client"]
    mia, _ = add_member(app, casey, "mia@example.org", "Mia Member", scopes=("relapse_analysis",))
    with app.app_context():
        looking_back = Analysis(client_id=casey, looked_at=local_today("Europe/London") - timedelta(days=2),
                                situation="Payday, home alone", chain="Got paid\nWalked past the pub",
                                break_chain="Call Mia on payday evenings")
        db.session.add(looking_back)
        db.session.flush()
        db.session.add(Perspective(analysis_id=looking_back.id, member_id=mia))
        db.session.commit()
    page = open_phone(size=size, color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server, email="mia@example.org")
    page.goto(f"/support/{casey}")
    page.get_by_role("link", name="Looking back at", exact=False).tap()
    expect(page.get_by_text("Walked past the pub")).to_be_visible()
    page.get_by_label("What was the situation, as you saw it?").fill("Casey sounded flat on the phone")
    page.get_by_role("button", name="Save my view").tap()
    expect(page.get_by_text("Your view is saved. Casey Client can read it now.")).to_be_visible()
    assert no_sideways_scroll(page) and targets_under_44px(page) == []
    screenshot(page, f"analysis-member-view-{size}-{scheme}")
