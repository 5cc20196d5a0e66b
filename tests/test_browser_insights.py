"""In a real browser at phone size: the insights page and a member's charts read without sideways
scrolling in light and dark, the window links are full-size taps, the charts draw (their SVG marks
take colour from app.css, no inline style), and the numbers open without JavaScript."""
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.timeutil import utcnow
from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser

PHONES = [("390x844", "light"), ("390x844", "dark"), ("360x740", "light"), ("360x740", "dark")]
COPING = ["Went for a walk", "Called my sponsor, made tea", "Went for a walk\nHad something to eat",
          "A very long way of writing what I did to get through the evening without going out again"]


def fill_a_season(app, client_id):
    """Ninety days of entries, three a day, with triggers in the evenings and coping written down."""
    now = utcnow()
    with app.app_context():
        for n in range(270):
            moment = now - timedelta(hours=n * 8 + 1)
            entry = Entry(user_id=client_id, device_id=str(uuid.uuid4()), mood=1 + (n * 7) % 5,
                          craving=(n * 3) % 11, logged_at=moment, coping=COPING[n % 4] if n % 2 else "",
                          outcome=("on_track", "on_track", "slipped")[n % 3] if n % 2 else None)
            if moment.hour >= 17 or n % 5 == 0:
                entry.triggers = [EntryTrigger(label=("conflict", "tired", "lonely", "payday", "stress")[n % 5])]
            db.session.add(entry)
        db.session.commit()


@pytest.mark.parametrize(("size", "scheme"), PHONES)
def test_insights_page_reads_well_on_a_phone(app, open_phone, live_server, people, size, scheme):
    fill_a_season(app, people["client"])
    page = open_phone(size=size, color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/")
    page.get_by_role("link", name="Insights").tap()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    assert no_sideways_scroll(page)
    for link in page.get_by_role("navigation", name="Time span").get_by_role("link").all():
        box = link.bounding_box()
        assert box["height"] >= 44
    # The marks are coloured by the stylesheet: a mean line with a stroke, shaded heatmap cells.
    assert page.locator(".series-chart.mood .mean").evaluate("e => getComputedStyle(e).stroke") != "none"
    assert page.locator(".heat.heat-4").count() >= 1
    screenshot(page, f"insights-{size}-{scheme}")
    page.get_by_role("link", name="12 months").tap()  # the year: whole months, named from their first day
    expect(page.get_by_role("link", name="12 months")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("this month and the eleven before it")).to_be_visible()
    page.locator("#coping-title").scroll_into_view_if_needed()
    page.locator(".insight:has(#coping-title) summary").tap()
    expect(page.locator(".insight:has(#coping-title) table")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"insights-year-{size}-{scheme}")


@pytest.mark.parametrize(("size", "scheme"), [("390x844", "light"), ("360x740", "dark")])
def test_a_members_charts_read_well_on_a_phone(app, open_phone, live_server, people, size, scheme):
    fill_a_season(app, people["client"])
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("mood_summary", "trigger_details"))
    page = open_phone(size=size, color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server, email="mia@example.org")
    page.goto(f"/support/{people['client']}")
    page.get_by_role("link", name="Longer view: 30, 90 or 365 days").tap()
    expect(page.locator(".heatmap")).to_be_visible()
    expect(page.locator(".series-chart.mood")).to_be_visible()
    assert page.locator("#coping-title").count() == 0
    assert no_sideways_scroll(page)
    screenshot(page, f"insights-member-{size}-{scheme}")


def test_the_insights_page_has_no_accessibility_violations(app, open_phone, live_server, people):
    from tests.helpers import axe_violations
    fill_a_season(app, people["client"])
    page = open_phone(size="360x740", **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/insights")
    assert [v["id"] for v in axe_violations(page)] == []
