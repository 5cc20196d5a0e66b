"""Plain helpers the test modules share: the made-up people's password, building users and apps,
reading the outbox, and driving a phone in the browser tests.

Not a test module and holds no fixtures (those live in conftest.py, which pytest loads itself):
every module imports these as `from tests.helpers import ...`, the one path.
"""
import os
import re
import socket
import threading
import time
import uuid
from collections import deque
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from urllib.parse import urldefrag, urlsplit

from axe_playwright_python.base import AXE_SCRIPT
from flask.testing import FlaskClient
from playwright.sync_api import expect
from sqlalchemy import event
from sqlalchemy.orm import Session

from recoverynet import create_app
from recoverynet.auth.models import User
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.timeutil import utcnow

# Hashing is slow on purpose; fixtures reuse one pre-computed argon2id hash of PASSWORD, made
# with a tiny cost so the hundreds of sign-ins in the suite stay fast (the app's own cost is
# checked in test_auth).
PASSWORD = "correct horse battery"
PASSWORD_HASH = ("$argon2id$v=19$m=64,t=1,p=1$iwo5xuifeZLS"
                 "0TxJUS2EGw$yvCEOa2u4EEnZcKV6R9zBwC6MNdzlSYUdr2lvm9jhM0")


class BrowserLikeClient(FlaskClient):
    """Sends Sec-Fetch-Site: same-origin like a browser on our own pages; a test can override
    it, or pass None to send none at all (as an older browser would)."""

    def open(self, *args, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("Sec-Fetch-Site", "same-origin")
        if headers["Sec-Fetch-Site"] is None:
            del headers["Sec-Fetch-Site"]
        return super().open(*args, headers=headers, **kwargs)


def make_app(database_url, instance_dir, **overrides):
    """An app configured for tests on this database; `overrides` are config keys."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SESSION_COOKIE_SECURE": False,
        "MAIL_SERVER": "",
        # The test client's host; links in emails start with it. live_server sets its own.
        "PUBLIC_URL": "http://localhost",
    }
    config.update(overrides)
    app = create_app(config, instance_path=instance_dir)
    app.test_client_class = BrowserLikeClient
    return app


def make_user(email: str, name: str, **fields) -> User:
    fields.setdefault("confirmed_at", utcnow())  # as if the sign-up link had been opened
    user = User(email=email, password_hash=PASSWORD_HASH, display_name=name, is_client=fields.pop("is_client", True),
                timezone=fields.pop("timezone", "Europe/London"), country=fields.pop("country", "GB"), **fields)
    db.session.add(user)
    db.session.commit()
    return user


@contextmanager
def counted_queries(app, with_parameters: bool = False):
    """The SQL statements sent to the database while the block runs (a before_cursor_execute
    listener, so the figure is exact and not timed); with_parameters gives (SQL, parameters)."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters) if with_parameters else statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queued_emails(app, to: str | None = None) -> list:
    """The emails waiting in the outbox (what a request queued for the worker), oldest first."""
    from recoverynet.mail import OutgoingEmail
    with app.app_context():
        query = db.select(OutgoingEmail).where(OutgoingEmail.sent_at.is_(None)).order_by(OutgoingEmail.id)
        if to:
            query = query.where(OutgoingEmail.recipient == to)
        emails = db.session.scalars(query).all()
        db.session.expunge_all()
        return emails


def confirmation_path(body: str) -> str:
    """The path of the sign-up confirmation link in an email's body."""
    return re.search(r"https?://[^/\s]+(/(?:join/)?confirm/\S+)", body).group(1)


def send_queued_emails(app) -> int:
    """Run the worker's mail step once, as `flask reminders run` does."""
    from recoverynet.mail import send_queued_emails as worker_step
    with app.app_context():
        return worker_step()


def add_entries(app, user_id, count, **fields):
    """Store `count` entries, one an hour back from now, newest first; returns their ids."""
    with app.app_context():
        now = utcnow()
        entries = []
        for n in range(count):
            values = {"mood": n % 5 + 1, "craving": n % 11, "logged_at": now - timedelta(hours=n + 1)}
            values.update(fields)
            labels = values.pop("triggers", [])
            entry = Entry(user_id=user_id, device_id=str(uuid.uuid4()), **values)
            entry.triggers = [EntryTrigger(label=label) for label in labels]
            entries.append(entry)
        db.session.add_all(entries)
        db.session.commit()
        return [entry.id for entry in entries]


def set_sober_since(app, user_id, day):
    with app.app_context():
        db.session.get(User, user_id).sober_since = day
        db.session.commit()


JO = ("Jo Sister", "07700 900001")
SAM = ("Sam Sponsor", "07700 900002")


def give_plan(app, user_id, *people, **sections):
    """A crisis plan for the client with these (name, phone) people to call, in order."""
    with app.app_context():
        plan = CrisisPlan(user_id=user_id, coping_alone=sections.get("coping_alone", "Cold water on my face\n"
                                                                      "A walk round the block"),
                          reasons=sections.get("reasons", "My daughter"))
        plan.callees = [Callee(position=n, name=name, daytime_phone=phone) for n, (name, phone) in enumerate(people)]
        db.session.add(plan)
        db.session.commit()


# ---- Driving a phone in the real browser ----

PHONES = {"390x844": {"width": 390, "height": 844}, "360x740": {"width": 360, "height": 740}}
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "screenshots")

# Tests about logging and history run without the service worker. Besides being quicker, this
# keeps them deterministic: the worker fetches /crisis in the background (on install and after
# sign-in), that page renders base.html, and rendering it consumes any pending flash message,
# so "Saved." can vanish if the fetch lands between a POST and its redirect (reported as a bug).
NO_WORKER = {"service_workers": "block"}


def screenshot(page, name: str) -> str:
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


def sign_in(page, email="casey@example.org", name="Casey Client"):
    """Sign in through the form and wait for the home page."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    # The greeting, in whatever language the person chose ("Hello, Casey", "Hola, Casey").
    expect(page.locator(".greeting")).to_contain_text(name)


def sign_in_quickly(page, live_server, email="casey@example.org"):
    """Sign in with one request from the page's own cookie jar, for tests about something else.

    This request is not a page's, so it carries the Origin a browser form would send.
    """
    response = page.request.post("/login", form={"email": email, "password": PASSWORD},
                                 headers={"Origin": live_server}, max_redirects=0)
    assert response.status == 303, response.text()


def urlpath(page):
    """The page's path and query, without the origin."""
    return re.sub(r"^https?://[^/]+", "", page.url)


def tap_pick(page, name, value):
    """Tap the visible label of a mood, craving or trigger choice (the input itself is hidden)."""
    page.locator(f'label:has(> input[name="{name}"][value="{value}"]) > span').tap()
    expect(page.locator(f'input[name="{name}"][value="{value}"]')).to_be_checked()


def load_outbox_core(page):
    """Load the offline outbox's core (outbox-core.js) as outbox.js would once something is kept:
    until then a page doesn't fetch it, so a test that reads the outbox first loads it."""
    page.evaluate("""() => window.RecoveryNetOutbox || new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = document.querySelector("script[data-core]").dataset.core;
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
    })""")


def wait_for_worker_control(page):
    """Wait until the service worker is active, then reload so it controls the page."""
    state = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.state)")
    assert state in ("activating", "activated")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_until(page, condition: str, arg=None, timeout: float = 5.0) -> None:
    """Wait until an ASYNC page condition (a JS function whose Promise gives true) holds.

    Playwright's wait_for_function takes a sync predicate only: the Promise an async one returns
    counts as true, so such a wait passed at once without waiting (microsoft/playwright#29132; a
    test suite shape check keeps async conditions away from it). This asks the page again every
    100 ms until the condition holds, and fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(condition, arg):
        assert time.monotonic() < deadline, f"not true after {timeout} s: {condition}"
        page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")


def stays_false(page, condition: str, arg=None, seconds: float = 1.0) -> bool:
    """Whether an async page condition stays false for `seconds` (asked every 100 ms): that a late
    event changes nothing can only be watched for a while."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if page.evaluate(condition, arg):
            return False
        page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")
    return not page.evaluate(condition, arg)


def no_sideways_scroll(page) -> bool:
    """Nothing on the page is wider than the phone's screen."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def at(*parts) -> datetime:
    """A moment in UTC: at(2026, 3, 29, 1, 30)."""
    return datetime(*parts, tzinfo=UTC)


def assert_crisis_copy_forgotten(phone, personal=("Jo Sister", "07700", "Casey", "Cold water")):
    """The phone dropped its copy of the crisis page: offline, /crisis shows only the emergency
    numbers, none of the client's people or plan."""
    wait_until(phone, """async () => !(await caches.has("recoverynet-crisis"))""")
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
    phone.context.set_offline(True)
    phone.goto("/crisis")
    expect(phone.get_by_role("link", name="Call 999").first).to_be_visible()
    for text in personal:
        expect(phone.locator("body")).not_to_contain_text(text)


def axe_violations(page, rules=None):
    """Run axe-core (from axe-playwright-python) in the page; inject it once per document."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})}
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def wait_for_commit(predicate, timeout=5.0) -> bool:
    """Wait until `predicate()` (a database check) holds, checking again after each commit any
    session makes: the live server's thread commits what the browser sent."""
    committed = threading.Condition()

    def wake(session):
        with committed:
            committed.notify_all()

    event.listen(Session, "after_commit", wake)
    try:
        with committed:
            return committed.wait_for(predicate, timeout)
    finally:
        event.remove(Session, "after_commit", wake)


def worker_registration(page, scope_url: str, timeout=5.0):
    """A DevTools session on the page and the service worker's registration id for `scope_url`.

    The id arrives as an event after ServiceWorker.enable; sync Playwright hands events over only
    during its own calls, so each round trip to the browser is also the check for it."""
    session = page.context.new_cdp_session(page)
    found = {}
    session.on("ServiceWorker.workerRegistrationUpdated", lambda update: found.update(
        {r["scopeURL"]: r["registrationId"] for r in update["registrations"] if not r["isDeleted"]}))
    session.send("ServiceWorker.enable")
    deadline = time.monotonic() + timeout
    while scope_url not in found and time.monotonic() < deadline:
        session.send("ServiceWorker.enable")
    return session, found[scope_url]


def wait_for_events(page, predicate, timeout=5.0):
    """Wait until `predicate()` holds over what Playwright's events have told the test. Sync
    Playwright hands events over only during its own calls, so before each check the page draws
    its next frame (a round trip to the browser)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the browser's events never got there"
        page.evaluate("() => new Promise(requestAnimationFrame)")


# ---- Walking the app by its links at phone width ----
# As a person would, from Home: a page nobody links to is a bug of its own (TESTING.md).

# Pages a walk doesn't open: files, not pages.
NOT_PAGES = re.compile(r"^/(static/|sw\.js|manifest\.webmanifest)")
# How many pages of one shape (ids as N) a walk opens.
PER_SHAPE = 3

# How far the page reaches past the phone's right edge, and the innermost elements that do so,
# with the start of their text.
OVERFLOW = """() => {
  const doc = document.documentElement;
  return {
    overflow: doc.scrollWidth - doc.clientWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 0.5)
      .filter((e, i, all) => !all.some(other => other !== e && e.contains(other)))
      .map(e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className
        ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' "' + e.textContent.trim().slice(0, 12) + '"')
      .slice(0, 4),
  };
}"""

# Same-origin links a person can follow; tel:, mailto: and other origins are not pages here.
LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => a.origin === location.origin && !a.hasAttribute('download'))
  .map(a => a.pathname + a.search)"""


def shape(path: str) -> str:
    """A path with its ids as N: /network/12/edit -> /network/N/edit."""
    return re.sub(r"\d+", "N", path)


def local(url: str) -> str:
    """A link's path and query, without the fragment."""
    parts = urlsplit(urldefrag(url)[0])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk_links(page, start="/", visit=None) -> dict:
    """Open every page reachable by links from `start` (PER_SHAPE of each shape at most).
    Returns each page's sideways overflow in px and its widest elements (or its status, when it
    is not an HTML page), keyed by path. `visit(page, path, measured)`, when given, runs on each
    page once it is measured and returns more paths to follow."""
    measured, seen_shapes = {}, {}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        if path in measured or NOT_PAGES.match(path):
            continue
        count = seen_shapes.get(shape(path), 0)
        if count >= PER_SHAPE:
            continue
        seen_shapes[shape(path)] = count + 1
        response = page.goto(path)
        if not response.ok or "text/html" not in response.headers.get("content-type", ""):
            measured[path] = {"status": response.status}
            continue
        measured[path] = page.evaluate(OVERFLOW)
        queue.extend(local(href) for href in page.evaluate(LINKS))
        if visit:
            queue.extend(visit(page, path, measured))
    return measured


def too_wide(measured: dict) -> dict:
    """The walked pages that scroll sideways or failed."""
    return {path: found for path, found in measured.items()
            if found.get("overflow", 0) > 0 or found.get("status", 200) >= 500}


def restore_and_empty(app, saved_config: dict) -> None:
    """Put the app's configuration back and empty every table, children first, so the next test
    starts clean on either database."""
    app.config.clear()
    app.config.update(saved_config)
    # The per-page session queries are built again in each test, so the functions that build them
    # run in every test that opens a page: mutmut (make mutation) then credits them to those tests,
    # not only to the first test that happened to build them.
    app.extensions["session_queries"] = {}
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
