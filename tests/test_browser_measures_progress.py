"""In a real browser at phone size: the progress page of a client a year in reads without sideways
scrolling in light and dark, its bars take their colour from the stylesheet, each chart's numbers
open without JavaScript, it prints, and a member with the measures scope reads it too."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.checkins.models import Checkin
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.measures.models import CalendarMonth, Questionnaire
from recoverynet.medication.models import MedicationAnswer
from recoverynet.meetings.models import Meeting
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import NO_WORKER, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser

PHONES = [("390x844", "light"), ("390x844", "dark"), ("360x740", "light"), ("360x740", "dark")]


def a_year_of_measures(app, client_id):
    """A year in: meetings and check-ins most weeks, a BARC-10 and an MSPSS each month, a morning
    dose answered most days, the crisis plan signed, and this month confirmed on the calendar."""
    with app.app_context():
        today = local_today("Europe/London")
        client = db.session.get(User, client_id)
        client.created_at = utcnow() - timedelta(days=380)
        client.sober_since = today - timedelta(days=50)
        pill = Reminder(user_id=client_id, kind="medication", title="Naltrexone", times="09:00",
                        created_at=utcnow() - timedelta(days=120))
        db.session.add_all([pill, CrisisPlan(user_id=client_id, reviewed_at=utcnow() - timedelta(days=20)),
                            CalendarMonth(client_id=client_id, month=today.replace(day=1))])
        db.session.flush()
        for week in range(52):
            day = today - timedelta(days=7 * week)
            if week % 5:
                db.session.add(Meeting(client_id=client_id, attended_on=day, kind="aa"))
            if week % 3:
                db.session.add(Checkin(client_id=client_id, held_on=day - timedelta(days=1)))
        for month in range(12):
            day = today - timedelta(days=30 * month)
            db.session.add_all([Questionnaire(client_id=client_id, instrument="barc10", taken_on=day,
                                              score=52 - month, answered=10),
                                Questionnaire(client_id=client_id, instrument="mspss", taken_on=day,
                                              score=4 + (month % 3) / 2, answered=12)])
        db.session.add_all(MedicationAnswer(user_id=client_id, reminder_id=pill.id, day=today - timedelta(days=back),
                                            slot="09:00", answer="not_today" if back % 6 == 0 else "taken")
                           for back in range(1, 110))
        db.session.commit()


@pytest.mark.parametrize(("size", "scheme"), PHONES)
def test_the_progress_page_reads_well_on_a_phone(app, open_phone, live_server, people, size, scheme):
    a_year_of_measures(app, people["client"])
    page = open_phone(size=size, color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/")
    page.get_by_role("link", name="Your progress").tap()
    expect(page.get_by_role("heading", name="Your progress", level=1)).to_be_visible()
    assert page.locator(".progress-chart").count() == 8
    assert page.locator(".progress-bar").count() >= 60
    assert page.locator(".progress-bar").first.evaluate("e => getComputedStyle(e).fill") not in ("none", "")
    assert no_sideways_scroll(page)
    screenshot(page, f"progress-{size}-{scheme}")
    meetings = page.locator(".progress-measure:has(#progress-meetings)")
    meetings.locator("summary").tap()
    expect(meetings.locator("table")).to_be_visible()
    expect(meetings.locator("tbody tr")).to_have_count(12)
    assert no_sideways_scroll(page)


def test_the_numbers_open_without_javascript(app, open_phone, live_server, people):
    a_year_of_measures(app, people["client"])
    page = open_phone(size="360x740", java_script_enabled=False, **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/progress")
    capital = page.locator(".progress-measure:has(#progress-barc10)")
    capital.locator("summary").tap()
    expect(capital.locator("tbody tr").first).to_contain_text("52")


def test_the_progress_page_prints_its_charts_without_the_buttons(app, open_phone, live_server, people):
    a_year_of_measures(app, people["client"])
    page = open_phone(size="390x844", **NO_WORKER)
    sign_in_quickly(page, live_server)
    page.goto("/progress")
    page.emulate_media(media="print")
    expect(page.locator(".progress-chart").first).to_be_visible()
    expect(page.get_by_role("link", name="Questionnaires and calendar")).to_be_hidden()
    screenshot(page, "progress-print")


@pytest.mark.parametrize(("size", "scheme"), [("390x844", "light"), ("360x740", "dark")])
def test_a_member_with_the_scope_reads_the_progress_on_a_phone(app, open_phone, live_server, people, size, scheme):
    a_year_of_measures(app, people["client"])
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("measures",))
    page = open_phone(size=size, color_scheme=scheme, **NO_WORKER)
    sign_in_quickly(page, live_server, email="mia@example.org")
    page.goto(f"/support/{people['client']}")
    page.get_by_role("link", name="Progress, month by month").tap()
    expect(page.get_by_role("heading", name="Casey Client's progress", level=1)).to_be_visible()
    assert page.locator(".progress-chart").count() == 8
    assert no_sideways_scroll(page)
    screenshot(page, f"progress-member-{size}-{scheme}")
