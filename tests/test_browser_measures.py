"""The client's measures on a phone (issue 10, part A): from Home's gentle note to a questionnaire
answered with one thumb (a few questions skipped) and its result, then this month's use-day
calendar with a day ticked and the month confirmed. Screenshots at 390x844 and 360x740."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.measures.models import CalendarMonth, Questionnaire, UseDay
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today
from tests.helpers import no_sideways_scroll, screenshot, sign_in_quickly

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_questionnaire_is_answered_from_homes_note_with_questions_skipped(open_phone, live_server, app, people,
                                                                           size):
    page = open_phone(size)
    sign_in_quickly(page, live_server)
    page.goto("/")
    note = page.locator(".measures-home")
    expect(note).to_contain_text("A few questions, when you have a moment")
    note.get_by_role("link", name="Open my measures").tap()
    page.locator("section", has=page.get_by_role("heading", name="Recovery capital")).get_by_role(
        "link", name="Answer the questions").tap()
    expect(page.get_by_text("Skip any question")).to_be_visible()
    assert no_sideways_scroll(page)
    for number in range(1, 10):  # the tenth left blank
        page.locator(f'fieldset:has(input[name="item-{number}"])').get_by_text("Agree", exact=True).tap()
    page.locator('fieldset:has(input[name="item-3"])').get_by_text("Somewhat disagree").tap()
    box = page.locator('fieldset:has(input[name="item-1"]) label.answer').first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a row a thumb finds
    screenshot(page, f"measures-questionnaire-{size}")
    page.get_by_role("button", name="Save my answers").tap()
    expect(page.get_by_text("Your total: 47.8 out of 60")).to_be_visible()  # (8 x 5 + 3) x 10 / 9
    expect(page.get_by_text("Your total is in that range.")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"measures-result-{size}")
    with app.app_context():
        taken = db.session.scalars(select(Questionnaire)).one()
        assert (taken.answered, taken.score) == (9, 47.8)


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_this_months_calendar_shows_the_slip_as_a_suggestion_and_is_confirmed(open_phone, live_server, app, people,
                                                                             size):
    today = local_today("Europe/London")
    first = today.replace(day=1)
    with app.app_context():
        db.session.add(Slip(user_id=people["client"], happened_on=first))
        db.session.commit()
    page = open_phone(size)
    sign_in_quickly(page, live_server)
    page.goto("/measures")
    page.get_by_role("link", name=first.strftime("%B %Y")).tap()
    expect(page.get_by_text("The ticked days are suggestions")).to_be_visible()
    assert page.locator(f'input[value="{first.isoformat()}"]').is_checked()
    day = page.locator("label.day").first.bounding_box()
    assert day["height"] >= 44 and day["width"] >= 40
    assert no_sideways_scroll(page)
    screenshot(page, f"measures-calendar-{size}")
    page.locator("label.day", has=page.locator(f'input[value="{first.isoformat()}"]')).tap()  # not that day after all
    if today.day > 1:
        page.locator("label.day", has=page.locator(f'input[value="{today.isoformat()}"]')).tap()
    page.get_by_role("button", name="Confirm this month").tap()
    expect(page.get_by_text("This month is confirmed")).to_be_visible()
    screenshot(page, f"measures-calendar-confirmed-{size}")
    with app.app_context():
        assert db.session.scalars(select(UseDay.day)).all() == ([today] if today.day > 1 else [])
        assert db.session.scalars(select(CalendarMonth.month)).all() == [first]
