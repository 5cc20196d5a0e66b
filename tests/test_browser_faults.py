"""A save the database can't take just now, in the real Chromium (issue 18, part 1): the page says
so, the entry waits in the outbox, and it arrives once when the database is free again."""
import sqlite3

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from recoverynet.extensions import db
from recoverynet.log.models import Entry
from tests.helpers import screenshot, sign_in, tap_pick, wait_for_events, wait_for_worker_control, wait_until

pytestmark = pytest.mark.browser

SAVE_LATER = "Couldn't save just now \u2014 your entry is still here; we'll try again."
LOCK_SECONDS = 12  # at most: the lock is held until the outbox has tried again and been refused


def count_entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Entry))


@pytest.fixture
def app(sqlite_app):
    """This module's app, and so its live server, is on a SQLite file of its own in every run
    (the PostgreSQL one too): the test holds SQLite's write lock."""
    return sqlite_app


def test_a_save_during_a_database_lock_that_outlasts_a_retry_says_so_and_arrives_once_after(open_phone, app, people):
    page = open_phone()
    sign_in(page)
    wait_for_worker_control(page)
    device_id = page.locator('form.log-form input[name="device_id"]').input_value()

    # Another process holds the write lock, as a stuck writer or a backup tool would.
    holder = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    refused = []  # the saves the server answered 503, the page's or the worker's
    page.context.on("response", lambda r: refused.append(r) if r.url.endswith("/log") and r.status == 503 else None)
    try:
        tap_pick(page, "mood", 2)
        page.get_by_role("button", name="Save", exact=True).tap()
        expect(page.locator("#outbox-status")).to_have_text(SAVE_LATER)
        expect(page.get_by_role("link", name="Crisis help")).to_be_visible()
        assert page.evaluate("RecoveryNetOutbox.items().then(items => items.map(i => i.device_id))") == [device_id]
        screenshot(page, "save-during-database-lock")
        assert count_entries(app) == 0
        # Held past the outbox's next try (after Retry-After, about 6 s in), refused like the first.
        wait_for_events(page, lambda: len(refused) >= 2, timeout=LOCK_SECONDS)
        assert count_entries(app) == 0
    finally:
        holder.execute("COMMIT")
        holder.close()

    # Back: the outbox sends it on its next try (here the online event; else its timer or the worker).
    page.evaluate("dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox-status")).to_have_text("All sent.", timeout=20000)
    # Nothing left on the phone to send, so a second send (page and worker at once) has landed by now.
    wait_until(page, "() => RecoveryNetOutbox.count().then((waiting) => waiting === 0)")
    with app.app_context():
        stored = db.session.scalars(select(Entry.device_id)).all()
    assert stored == [device_id]
