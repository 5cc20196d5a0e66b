"""The crisis plan printed (issue 12), in the real Chromium: a full plan fits one A4 and one
Letter page, black on white, with no bar, button or note of the screen, and the Print button
appears only with script (without it the page says how to print).

Chromium alone prints to PDF headless (page.pdf), after emulating print media. A PDF names each
page object "/Type /Page" (not followed by "s": "/Type /Pages" is the page tree, whose /Count
says the same number).
"""
import os
import re

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from tests.helpers import SCREENSHOTS, screenshot, sign_in_quickly

pytestmark = pytest.mark.browser

# Every row of the form filled, with both numbers; eight lines in each list; the naloxone plan.
PEOPLE = ["Jo Sister", "Sam Sponsor", "Alex Best Friend", "Grandma Rose", "Kim from next door"]
PROFESSIONALS = ["Dr Patel, my GP", "Community drug and alcohol team", "Samaritans"]


def eight(what):
    return "\n".join(f"{what} {n}: something that takes a few words to say" for n in range(1, 9))


@pytest.fixture
def full_plan(app, people):
    """Casey (United Kingdom) with every part of the plan filled."""
    with app.app_context():
        db.session.get(User, people["client"]).country = "GB"
        plan = CrisisPlan(user_id=people["client"], warning_signs=eight("Warning sign"), coping_alone=eight("On my own"),
                          distractions=eight("Place or person"), reasons=eight("Reason"), uses_opioids=True,
                          naloxone_who="Jo and Sam both carry a kit", naloxone_where="Kitchen drawer, left of the sink",
                          naloxone_trained="yes")
        names = [(name, False) for name in PEOPLE] + [(name, True) for name in PROFESSIONALS]
        plan.callees = [Callee(position=n, name=name, professional=professional, daytime_phone=f"07700 900{n:03d}",
                               out_of_hours_phone=f"07700 901{n:03d}") for n, (name, professional) in enumerate(names)]
        db.session.add(plan)
        db.session.commit()
    return people["client"]


def pdf_pages(pdf: bytes) -> int:
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert [pages] == [int(count) for count in re.findall(rb"/Count (\d+)", pdf)]
    return pages


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_full_plan_prints_on_one_page(open_phone, live_server, full_plan, paper):
    page = open_phone("390x844")
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    page.emulate_media(media="print")
    pdf = page.pdf(format=paper, print_background=True)
    with open(os.path.join(SCREENSHOTS, f"crisis-plan-printed-{paper}.pdf"), "wb") as out:
        out.write(pdf)
    print(f"\nThe full plan on {paper}: {pdf_pages(pdf)} page(s), {len(pdf)} bytes")
    assert pdf_pages(pdf) == 1


# A4 at 96 px to the inch, less the stylesheet's 12 mm side margins: the printed width, on screen.
A4_PRINTED_AREA = {"width": 794 - 2 * 45, "height": 1000}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_printed_plan_is_black_on_white_without_bars_buttons_or_notes(open_phone, live_server, full_plan, scheme):
    page = open_phone("390x844", color_scheme=scheme)
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    page.set_viewport_size(A4_PRINTED_AREA)
    page.emulate_media(media="print", color_scheme=scheme)
    page.screenshot(path=os.path.join(SCREENSHOTS, f"crisis-plan-print-media-A4-{scheme}.png"), full_page=True)
    for hidden in (".topbar", ".tabbar", "form", "[data-print]", ".print-plan", "#outbox-status", "h1:not(#printout-title)"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    printout = page.locator(".printout")
    expect(printout).to_be_visible()
    for text in PEOPLE + PROFESSIONALS + ["07700 900000", "07700 901007", "999", "116 123", "Kitchen drawer"]:
        expect(printout).to_contain_text(text)
    colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('.printout')).color,
        getComputedStyle(document.querySelector('.printout-callees thead th')).color]""")
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(0, 0, 0)"]


def test_the_print_button_prints_the_page(open_phone, live_server, full_plan):
    page = open_phone("360x740")
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    button = page.get_by_role("button", name="Print my plan")
    expect(button).to_be_visible()
    expect(page.get_by_text("To print it, choose Print in your browser's menu")).to_be_hidden()
    screenshot(page, "crisis-plan-print-button-360x740")
    button.tap()
    assert page.evaluate("window.printed") == 1


def test_without_script_the_page_says_how_to_print(open_phone, live_server, full_plan):
    page = open_phone("360x740", java_script_enabled=False)
    sign_in_quickly(page, live_server)
    page.goto("/crisis/plan")
    expect(page.get_by_role("button", name="Print my plan")).to_be_hidden()
    expect(page.get_by_text("To print it, choose Print in your browser's menu")).to_be_visible()
    page.locator(".print-plan").screenshot(path=os.path.join(SCREENSHOTS, "crisis-plan-print-no-script-360x740.png"))
