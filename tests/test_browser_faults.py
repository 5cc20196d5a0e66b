"""A save the database can't take just now, in the real Chromium (issue 18, part 1): the page says
so, the entry waits in the outbox, and it arrives once when the database is free again."""
import sqlite3
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from recoverynet.extensions import db
from recoverynet.log.models import Entry
from tests.helpers import screenshot, sign_in, tap_pick, wait_for_worker_control

pytestmark = pytest.mark.browser

SAVE_LATER = "Couldn't save just now \u2014 your entry is still here; we'll try again."
LOCK_SECONDS = 12


def count_entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Entry))


@pytest.fixture
def app(sqlite_app):
    """This module's app, and so its live server, is on a SQLite file of its own in every run
    (the PostgreSQL one too): the test holds SQLite's write lock."""
    return sqlite_app


def test_a_save_during_a_12_s_database_lock_says_so_and_arrives_once_after(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    device_id = page.locator('form.log-form input[name="device_id"]').input_value()

    # Another process holds the write lock, as a stuck writer or a backup tool would.
    holder = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    locked_at = time.monotonic()
    try:
        tap_pick(page, "mood", 2)
        page.get_by_role("button", name="Save", exact=True).tap()
        expect(page.locator("#outbox-status")).to_have_text(SAVE_LATER)
        expect(page.get_by_role("link", name="Crisis help")).to_be_visible()
        assert page.evaluate("RecoveryNetOutbox.items().then(items => items.map(i => i.device_id))") == [device_id]
        screenshot(page, "save-during-database-lock")
        assert count_entries(app) == 0
        page.wait_for_timeout(max(0, LOCK_SECONDS - (time.monotonic() - locked_at)) * 1000)
    finally:
        holder.execute("COMMIT")
        holder.close()

    # Back: the outbox sends it on its next try (here the online event; else its timer or the worker).
    page.evaluate("dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox-status")).to_have_text("All sent.", timeout=20000)
    page.wait_for_timeout(500)  # a second send (page and worker at once) would land by now
    with app.app_context():
        stored = db.session.scalars(select(Entry.device_id)).all()
    assert stored == [device_id]
