"""Fixtures for the people involved, a test database, a mail catcher and a real browser.

SQLite by default; set TEST_DATABASE_URL (postgresql+psycopg://...) to run the same suite
on PostgreSQL. Its tables are dropped and re-created, so never point it at real data.
"""
import os
import threading

import pytest
from werkzeug.serving import make_server

from recoverynet.extensions import db
from recoverynet.models import recreate_tables
from tests.helpers import PASSWORD, PHONES, free_port, make_app, make_user, restore_and_empty

# Test modules import plain helpers from tests.helpers, never from here: pytest loads this file
# itself, and fixtures reach a test only as its arguments (tests/test_suite_shape.py checks).


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """The app reads compiled catalogs (never committed): `make test` compiles them, and so does
    a bare pytest run, so a Spanish page is Spanish however the tests were started."""
    from pathlib import Path

    from babel.messages.frontend import CommandLineInterface

    translations = Path(__file__).resolve().parent.parent / "recoverynet" / "translations"
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(translations)])


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite"))


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("instance"))


@pytest.fixture(scope="session")
def _app(database_url, instance_dir):
    """One app for the whole run (building it is slow); `app` restores its config per test."""
    app = make_app(database_url, instance_dir)
    with app.app_context():
        recreate_tables()
    return app


@pytest.fixture
def app(_app):
    saved = dict(_app.config)
    yield _app
    restore_and_empty(_app, saved)


@pytest.fixture
def fresh_app(app, database_url, instance_dir):
    """A second app on the same database, built in the test: what an app wires up while it is
    built (each feature's init_app) then runs in that test, not only once for the whole suite
    (tests/test_fresh_app_wiring.py). Its connections are closed afterwards."""
    built = make_app(database_url, instance_dir)
    yield built
    with built.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def both(app, people):
    """Casey's and Oli's ids (the world's two clients), inside an app context."""
    with app.app_context():
        yield people["client"], people["other_client"]


@pytest.fixture
def sqlite_app(tmp_path):
    """An app of its own on a fresh SQLite file whatever TEST_DATABASE_URL says, for tests of
    SQLite itself (its write lock, its query plans), so they run in the PostgreSQL pass too."""
    app = make_app(f"sqlite:///{tmp_path / 'own.sqlite'}", str(tmp_path / "own-instance"))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def people(app):
    """The made-up people in a test: a client and another, unrelated client."""
    with app.app_context():
        casey = make_user("casey@example.org", "Casey Client")
        oli = make_user("oli@example.org", "Oli Other")
        return {"client": casey.id, "other_client": oli.id}


@pytest.fixture
def second_world(app, people):
    """Oli's own network (member, entries, meetings, a pledge, an open invite, a crisis plan and
    alert) beside Casey's: a test of one client's query checks the other's stays untouched and
    unseen (tests/network_world.py oli_snapshot and OLI_SECRETS)."""
    from tests.network_world import build_oli_network
    return build_oli_network(app, people["other_client"])


@pytest.fixture
def a_fixed_evening(time_machine):
    """The clock starts at 20:00 UTC on 15 January 2026 (London 20:00, Sydney and Auckland already
    the 16th) and runs on from there: a module that uses it (`pytestmark = pytest.mark.usefixtures(
    "a_fixed_evening")`) gives the same answers at any hour and season. Not for browser tests."""
    from datetime import datetime, timezone
    time_machine.move_to(datetime(2026, 1, 15, 20, 0, tzinfo=timezone.utc), tick=True)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email="casey@example.org", password=PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def mailbox(app):
    """A real SMTP server on 127.0.0.1 that keeps every message it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.content.decode("utf8", errors="replace"))
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    yield handler.messages
    controller.stop()


# ---- Real browser: the system Chromium driven by Playwright ----

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        # Never skip quietly: `make test` installs Chromium, so its absence is a failure.
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The app served on 127.0.0.1 on a free port, in a thread, for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url  # so an emailed or shared link opens this server
    yield url
    server.shutdown()
    thread.join()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context (390x844) opened on the live server."""
    context = browser.new_context(viewport=PHONES["390x844"], is_mobile=True, has_touch=True,
                                  base_url=live_server)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_phone(browser, live_server):
    """Opens pages in fresh phone contexts: open_phone(size=..., color_scheme=..., **context options)."""
    contexts = []

    def open_page(size="390x844", **options):
        context = browser.new_context(viewport=PHONES[size], is_mobile=True, has_touch=True,
                                      base_url=live_server, **options)
        context.set_default_timeout(10000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
