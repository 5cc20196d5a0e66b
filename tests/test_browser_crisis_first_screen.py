"""The crisis page keeps the emergency number and the first person's call button on the first
screen whatever the plan holds, and the plan form is short: one closed block per part, each
saying what it holds (issue 15), in the real Chromium at 360 px.

The long plan below is the worst a person may write: five people with the longest names the
form takes and two numbers each, three professionals, a dozen warning signs, the naloxone plan,
someone to alert. Spanish is checked too: its sentences are longer, and a Spanish speaker in the
United States gets the lines that answer in Spanish right after the emergency number.
"""
import os

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from tests.helpers import SCREENSHOTS, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser

FIRST_SCREEN = {"width": 360, "height": 640}
LONG_NAMES = ["Maximiliano Alejandro Fernández-Rodríguez de la Cruz (sponsor, any time of day)",
              "Bartholomew Featherstonehaugh-Cholmondeley, my sister's husband, Leeds",
              "Dr Oluwaseun Adebayo-Okonkwo from the community drug and alcohol team",
              "Grandmother Wilhelmina (ring twice, she is slow to the phone)",
              "Anastasia, the neighbour downstairs with the spare key to my flat"]
WARNING_SIGNS = "\n".join(f"Warning sign number {n}: not sleeping, skipping meals, avoiding calls"
                          for n in range(1, 13))


@pytest.fixture
def long_plan(app, people):
    """Casey (United States) with the longest plan the form allows."""
    add_member(app, people["client"], "pat@example.org", "Pat Partner", scopes=["crisis_alerts"])
    with app.app_context():
        db.session.get(User, people["client"]).country = "US"
        plan = CrisisPlan(user_id=people["client"], warning_signs=WARNING_SIGNS, coping_alone=WARNING_SIGNS,
                          distractions=WARNING_SIGNS, reasons=WARNING_SIGNS, uses_opioids=True,
                          naloxone_who="Jo", naloxone_where="Kitchen drawer", naloxone_trained="yes")
        plan.callees = [Callee(position=n, name=name, daytime_phone=f"(555) 010-010{n}",
                               out_of_hours_phone=f"(555) 010-020{n}") for n, name in enumerate(LONG_NAMES)]
        plan.callees += [Callee(position=5 + n, professional=True, name=f"{LONG_NAMES[n][:60]} (clinic)",
                                daytime_phone="(555) 010-0300", out_of_hours_phone="988") for n in range(3)]
        db.session.add(plan)
        db.session.commit()
    return people["client"]


def speaks(app, user_id, language):
    with app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


def first_screen_box(page, locator):
    """The element's box, and the part of the screen nothing covers: below the sticky top bar,
    above the fixed tab bar."""
    box = locator.bounding_box()
    top, bottom = page.evaluate("""() => [document.querySelector('.topbar').getBoundingClientRect().bottom,
                                          document.querySelector('.tabbar').getBoundingClientRect().top]""")
    return box, top, bottom


# ---- 2. The crisis page: the emergency number stays on the first screen ----

@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_emergency_number_and_the_first_persons_call_button_are_on_the_first_screen(
        app, open_phone, live_server, long_plan, scheme, language):
    speaks(app, long_plan, language)
    page = open_phone("360x740", color_scheme=scheme)
    page.set_viewport_size(FIRST_SCREEN)
    sign_in_quickly(page, live_server)
    page.goto("/crisis")
    emergency = page.locator(".call-button.emergency").first
    first_person = page.locator(".call-list .call-button").first
    expect(emergency).to_contain_text("Llamar al 911" if language == "es" else "Call 911")
    expect(first_person).to_contain_text(LONG_NAMES[0])
    boxes = {"emergency": first_screen_box(page, emergency), "first person": first_screen_box(page, first_person)}
    page.screenshot(path=os.path.join(SCREENSHOTS, f"crisis-long-plan-first-screen-360x640-{scheme}-{language}.png"))
    screenshot(page, f"crisis-long-plan-360x640-{scheme}-{language}")
    print(f"\n360x640 {scheme} {language}: " + ", ".join(
        f"{name} {box['y']:.0f}-{box['y'] + box['height']:.0f} px" for name, (box, _, _) in boxes.items())
        + f" (uncovered: {boxes['emergency'][1]:.0f}-{boxes['emergency'][2]:.0f} px)")
    for name, (box, top, bottom) in boxes.items():
        assert top <= box["y"] and box["y"] + box["height"] <= bottom, (name, box, top, bottom)
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=os.path.join(SCREENSHOTS, f"crisis-long-plan-first-screen-360x740-{scheme}-{language}.png"))


def test_the_call_the_emergency_number_line_stays_on_the_first_screen_with_a_plan(
        open_phone, live_server, long_plan):
    page = open_phone("360x740")
    page.set_viewport_size(FIRST_SCREEN)
    sign_in_quickly(page, live_server)
    page.goto("/crisis")
    line = page.get_by_text("If you or someone else is in danger right now, call the emergency number.")
    box, top, bottom = first_screen_box(page, line)
    assert top <= box["y"] and box["y"] + box["height"] <= bottom, (box, top, bottom)


# ---- 3. The plan form: closed blocks that say what they hold ----

def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def test_the_closed_plan_form_is_short_at_360px(open_phone, live_server, long_plan):
    page = open_phone("360x740")
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    closed = page_height(page)
    page.evaluate("document.querySelectorAll('details.plan-block').forEach((block) => { block.open = true; })")
    every_block_open = page_height(page)
    print(f"\nThe plan form at 360 px, the long plan: {closed} px closed, {every_block_open} px with every block open")
    screenshot(page, "crisis-plan-every-block-open-360x740")
    assert closed < 1600 < every_block_open


def save_one_block(page, summary, field, text):
    """Open the block by its summary, change one field and press that block's Save."""
    page.locator("summary", has_text=summary).tap()
    page.locator(f"#{field}").fill(text)
    page.locator(f'details:has(#{field}) button[name="block"]').tap()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_saving_a_block_comes_back_to_it_open(open_phone, live_server, long_plan, javascript):
    page = open_phone("360x740", java_script_enabled=javascript)
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    expect(page.locator("details.plan-block[open]")).to_have_count(0)
    save_one_block(page, "Reasons that matter to me: 12", "reasons", "My daughter\nThe dog")

    page.wait_for_url("**/crisis/plan?block=reasons#block-reasons")
    expect(page.locator("#block-reasons .flash")).to_have_text(
        "Your crisis plan is saved, and the copy on this phone is updated.")
    expect(page.locator("#block-reasons .flash")).to_be_in_viewport()
    block = page.locator("#block-reasons")
    expect(block).to_have_attribute("open", "")
    expect(block.locator("summary")).to_have_text("Reasons that matter to me: 2")
    expect(page.locator("details.plan-block[open]")).to_have_count(1)
    expect(page.locator("#reasons")).to_be_in_viewport()
    screenshot(page, f"crisis-plan-saved-block-360x740-{'script' if javascript else 'no-script'}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_problem_opens_the_block_that_holds_it(open_phone, live_server, long_plan, scheme):
    page = open_phone("360x740", color_scheme=scheme)
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    page.locator("summary", has_text="People to call").tap()
    page.locator("#person-0-day").fill("")
    page.locator("#person-0-night").fill("")
    page.locator("summary", has_text="People to call").tap()  # closed again before saving
    page.locator('#block-reasons > summary').tap()
    page.locator('#block-reasons button[name="block"]').tap()

    # The page comes back with the people open (where the problem is) beside the reasons.
    expect(page.locator("#person-0-day-error")).to_be_visible()
    expect(page.locator("details.plan-block[open]")).to_have_count(2)
    expect(page.locator("#block-people")).to_have_attribute("open", "")
    page.locator("#person-0-day-error").scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(SCREENSHOTS, f"crisis-plan-problem-360x740-{scheme}.png"))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["360x740", "360x640"])
def test_plan_form_screenshots(app, open_phone, live_server, long_plan, size, scheme, language):
    speaks(app, long_plan, language)
    page = open_phone("360x740", color_scheme=scheme)
    if size == "360x640":
        page.set_viewport_size(FIRST_SCREEN)
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    expect(page.locator("#block-warning_signs > summary")).to_have_text(
        "Señales de alerta: 12" if language == "es" else "Warning signs: 12")
    screenshot(page, f"crisis-plan-closed-{size}-{scheme}-{language}")
