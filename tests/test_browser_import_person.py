"""Settings → Bring in my data at phone size (issue 12), in the real Chromium: a new, empty
account finds the offer in Settings, chooses the zip, and lands on Home with its data; a wrong
file is refused on the same page, next to the file field. Nothing scrolls sideways."""
import io
import uuid
import zipfile
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.yourdata.export import write_export
from tests.helpers import JO, OVERFLOW, give_plan, make_user, screenshot, sign_in_quickly

pytestmark = pytest.mark.browser


@pytest.fixture
def export_file(app, people, tmp_path):
    """Casey's export (two entries, a meeting, a crisis plan) as a file on disk, and Fresh, a new
    empty account to bring it into."""
    casey = people["client"]
    with app.app_context():
        db.session.add_all([Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=3, triggers=[EntryTrigger(label="tired")]),
                            Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=4),
                            Meeting(client_id=casey, attended_on=date(2026, 3, 1), kind="aa")])
        db.session.commit()
    give_plan(app, casey, JO)
    path = tmp_path / "recoverynet-data.zip"
    with app.test_request_context(), open(path, "wb") as out:
        write_export(db.session.get(User, casey), out)
    with app.app_context():
        make_user("fresh@example.org", "Fresh Start")
    return path


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_new_account_brings_in_its_export_from_settings(open_phone, live_server, export_file, size):
    page = open_phone(size)
    sign_in_quickly(page, live_server, email="fresh@example.org")
    page.goto("/settings")
    page.get_by_role("link", name="Bring in my data").tap()
    expect(page.get_by_role("heading", name="Bring in my data")).to_be_visible()
    assert page.evaluate(OVERFLOW)["overflow"] <= 0
    screenshot(page, f"import-page-{size}")
    page.get_by_label("Your export (a .zip file)").set_input_files(str(export_file))
    page.get_by_role("button", name="Bring in my data").tap()
    expect(page.locator(".flash")).to_contain_text("Your data is here: 2 entries and 1 meeting. Your crisis plan is back too.")
    assert page.evaluate(OVERFLOW)["overflow"] <= 0
    screenshot(page, f"import-done-home-{size}")
    page.goto("/settings")
    expect(page.get_by_role("link", name="Bring in my data")).to_have_count(0)


@pytest.mark.parametrize("size", ["390x844", "360x740"])
def test_a_wrong_file_is_refused_beside_the_file_field(open_phone, live_server, export_file, tmp_path, size):
    wrong = tmp_path / "holiday-photos.zip"
    with zipfile.ZipFile(wrong, "w") as archive:
        archive.writestr("beach.txt", "not an export")
    page = open_phone(size)
    sign_in_quickly(page, live_server, email="fresh@example.org")
    page.goto("/settings/data/import")
    page.get_by_label("Your export (a .zip file)").set_input_files(str(wrong))
    page.get_by_role("button", name="Bring in my data").tap()
    error = page.locator("#export-error")
    expect(error).to_contain_text("This file isn't a RecoveryNet export.")
    expect(page.get_by_label("Your export (a .zip file)")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate(OVERFLOW)["overflow"] <= 0
    screenshot(page, f"import-wrong-file-{size}")
