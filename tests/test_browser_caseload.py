"""The caseload in the real Chromium at phone sizes: a clinician finds it from Home's list of the
people they support, sees four clients as cards with their flags (most in need first), sorts by
name with a plain link, and opens a client's member view from their card; nothing scrolls sideways."""
import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.crisis.models import CrisisAlert, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.network.models import Contact, Grant
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import NO_WORKER, make_user, no_sideways_scroll, screenshot, sign_in_quickly
from tests.network_world import add_member

pytestmark = pytest.mark.browser


def build_caseload(app, casey: int) -> None:
    """Cleo is clinician to Casey (a slip, high cravings) and peer coach to Robin (a week of daily
    entries, then silence), Kai (a crisis alert) and Dee (nothing yet), all sharing "measures"."""
    cleo, _ = add_member(app, casey, "cleo@example.org", "Cleo Clinician", scopes=("measures",),
                         relationship="clinician")
    with app.app_context():
        now, today = utcnow(), local_today("Europe/London")
        ids = {"casey": casey}
        for name in ("Robin Montgomery-Featherstonehaugh", "Kai Example", "Dee Newcomer"):
            person = make_user(f"{name.split()[0].lower()}@example.org", name)
            card = Contact(client_id=person.id, name="Cleo", member_id=cleo, joined_at=now, relationship="peer coach")
            card.grants = [Grant(scope="measures")]
            db.session.add(card)
            ids[name.split()[0].lower()] = person.id
        db.session.get(User, casey).sober_since = today - timedelta(days=3)
        db.session.add_all(Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=2, craving=9,
                                 logged_at=now - timedelta(hours=5 + 20 * n)) for n in range(3))
        db.session.add_all(Entry(user_id=ids["robin"], device_id=str(uuid.uuid4()), mood=4, craving=2,
                                 logged_at=now - timedelta(days=4 + n)) for n in range(7))
        db.session.add_all([Slip(user_id=casey, happened_on=today - timedelta(days=1)),
                            CrisisAlert(user_id=ids["kai"], device_id="k", created_at=now - timedelta(days=2)),
                            CrisisPlan(user_id=ids["kai"], reviewed_at=now - timedelta(days=20))])
        db.session.get(User, ids["kai"]).sober_since = today - timedelta(days=120)
        db.session.commit()


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_clinician_opens_the_caseload_sorts_it_and_opens_a_client(app, open_phone, live_server, people, size):
    build_caseload(app, people["client"])
    page = open_phone(size=size, **NO_WORKER)
    sign_in_quickly(page, live_server, "cleo@example.org")
    page.goto("/")
    page.get_by_role("link", name="Your caseload: everyone who shares their progress with you").tap()
    expect(page.get_by_role("heading", name="Your caseload", exact=True)).to_be_visible()
    names = page.locator(".case-card h2").all_inner_texts()
    assert names == ["Casey Client", "Kai Example", "Robin Montgomery-Featherstonehaugh", "Dee Newcomer"]
    expect(page.get_by_text("Craving 8 or more 2 times within 48 hours")).to_be_visible()
    expect(page.get_by_text("No entry for 4 days, from someone who usually writes one most days")).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"caseload-{size}")
    page.get_by_role("link", name="Name", exact=True).tap()
    expect(page.get_by_role("link", name="Name", exact=True)).to_have_attribute("aria-current", "true")
    assert page.locator(".case-card h2").all_inner_texts()[0] == "Casey Client"
    assert page.locator(".case-card h2").all_inner_texts()[1] == "Dee Newcomer"
    page.get_by_role("link", name="Kai Example").tap()
    expect(page).to_have_url(re.compile(r"/support/\d+$"))
    expect(page.get_by_role("heading", name="Kai Example")).to_be_visible()


def test_the_caseload_in_dark_mode_at_360(app, open_phone, live_server, people):
    build_caseload(app, people["client"])
    page = open_phone(size="360x740", color_scheme="dark", **NO_WORKER)
    sign_in_quickly(page, live_server, "cleo@example.org")
    page.goto("/caseload")
    expect(page.get_by_role("heading", name="Your caseload", exact=True)).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "caseload-dark-360x740")
