"""The relapse-prevention plan in the real Chromium at phone sizes: it reads without sideways
scrolling at 390 and 360 px (light and dark), a suggestion is added by a tap and what was typed
elsewhere stays, it works without JavaScript, a member reads it on their page of the client, and
it prints on one page with nothing of the screen around it."""
import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.timeutil import utcnow
from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser


@pytest.fixture
def casey_log(app, people, second_world):
    """Casey's last weeks: conflict and payday on Friday evenings, walks that kept her on track;
    Oli's log beside it."""
    with app.app_context():
        now = utcnow()
        for n in range(6):
            db.session.add(Entry(user_id=people["client"], device_id=str(uuid.uuid4()), mood=2, craving=7,
                                 coping="Went for a walk round the park", outcome="on_track",
                                 logged_at=now - timedelta(days=7 * n + 1),
                                 triggers=[EntryTrigger(label="conflict"), EntryTrigger(label="payday")]))
        db.session.commit()
    return people["client"]


@pytest.fixture
def written_plan(app, casey_log):
    with app.app_context():
        db.session.add(PreventionPlan(
            user_id=casey_log, triggers="Payday\nArguments with my brother about money", warning_signs="Not sleeping\nSkipping meals\nAvoiding calls",
            high_risk_times="Friday evenings\nThe first Sunday of the month",
            actions=[PreventionAction(position=0, action="Call my sponsor before I go anywhere", helper_name="Jo Sister"),
                     PreventionAction(position=1, action="A long walk with the dog", helper_name=""),
                     PreventionAction(position=2, action="Eat something first", helper_name="Sam Sponsor")]))
        db.session.commit()
    return casey_log


@pytest.mark.parametrize("size", ["390x844", "360x740"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_plan_reads_at_phone_width_with_every_block_open(open_phone, live_server, written_plan, size, scheme):
    page = open_phone(size, color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/plan/prevention")
    for summary in page.locator(".plan-block > summary").all():
        summary.tap()
    expect(page.locator("#block-actions")).to_have_attribute("open", "")
    assert no_sideways_scroll(page)
    for button in page.locator("button.suggestion").all():
        assert button.bounding_box()["height"] >= 44
    screenshot(page, f"prevention-plan-{size}-{scheme}")


def test_a_tapped_suggestion_is_added_and_typed_words_stay(open_phone, live_server, casey_log):
    page = open_phone("360x740", **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/plan/prevention")
    page.locator("#block-warning_signs > summary").tap()
    page.locator("#warning_signs").fill("Not sleeping")
    page.locator("#block-triggers > summary").tap()
    page.get_by_role("button", name=re.compile("Add: conflict")).tap()
    expect(page).to_have_url(re.compile(r"/plan/prevention\?block=triggers#block-triggers$"))
    expect(page.locator("#block-triggers")).to_have_attribute("open", "")
    expect(page.locator("#triggers")).to_have_value("conflict")
    expect(page.locator("#warning_signs")).to_have_value("Not sleeping")
    expect(page.get_by_role("button", name=re.compile("Add: conflict"))).to_have_count(0)
    screenshot(page, "prevention-plan-added-360x740")


def test_the_plan_works_without_javascript(open_phone, live_server, casey_log):
    page = open_phone("390x844", java_script_enabled=False)
    sign_in_quickly(page, live_server)
    page.goto("/plan/prevention")
    page.locator("#block-actions > summary").click()
    page.locator("#action-0-text").fill("Ring Jo")
    page.locator("#action-1-helper").fill("Sam")
    page.locator("#block-actions").get_by_role("button", name="Save my plan").click()
    # A refusal: the thing to do is missing for Sam. Everything typed is still there.
    expect(page.locator(".error-summary")).to_contain_text("Please write what you'll do, or clear who helps.")
    expect(page.locator("#action-0-text")).to_have_value("Ring Jo")
    expect(page.locator("#action-1-helper")).to_have_value("Sam")
    page.locator("#action-1-text").fill("Go for a run")
    page.locator("#block-actions").get_by_role("button", name=re.compile("Add: Went for a walk")).click()
    expect(page.locator("#action-2-text")).to_have_value("Went for a walk round the park")
    expect(page.locator("#action-1-text")).to_have_value("Go for a run")
    screenshot(page, "prevention-plan-no-script-390x844")


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_member_reads_the_plan_on_their_page_of_the_client(app, open_phone, live_server, written_plan, people, size):
    add_member(app, people["client"], "mia@example.org", "Mia Member", scopes=("prevention_plan",))
    page = open_phone(size, **NO_WORKER)
    sign_in_quickly(page, live_server, "mia@example.org")
    page.goto(f"/support/{people['client']}")
    plan = page.locator(".prevention-plan")
    expect(plan).to_contain_text("Arguments with my brother about money")
    expect(plan).to_contain_text("Jo Sister helps")
    expect(plan.locator("input, textarea, button")).to_have_count(0)
    assert no_sideways_scroll(page)
    plan.scroll_into_view_if_needed()
    screenshot(page, f"prevention-plan-member-{size}")


def test_the_plan_prints_on_one_page_without_the_screen(open_phone, live_server, written_plan):
    page = open_phone("390x844", **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/plan/prevention")
    page.emulate_media(media="print")
    expect(page.locator(".printout")).to_be_visible()
    for hidden in (".plan-block", ".topbar", ".review", "form"):
        assert page.locator(hidden).first.is_hidden(), hidden
    expect(page.locator(".printout")).to_contain_text("Call my sponsor before I go anywhere")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    page.set_viewport_size({"width": 794, "height": 1123})
    screenshot(page, "prevention-plan-print")
