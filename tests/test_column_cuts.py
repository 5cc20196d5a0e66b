"""Text the app cuts itself, because it comes from outside what a form can limit (a proxy, a mail
server, a push service, a translation, the machine's name, an address typed at the command line),
is cut to exactly its column's length: each test drives the real path and reads the stored value
back. On PostgreSQL a value too long for its column is an error (the request, the worker's pass or
the command fails); SQLite stores it whole, so there these tests see the cut by its length."""
import io
import os
import socket

import pytest
from aiosmtpd.controller import Controller
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from recoverynet.auth.models import EmailRequest, User
from recoverynet.extensions import db
from recoverynet.mail import OutgoingEmail
from recoverynet.network.models import ViewRecord
from recoverynet.push import dispatch, sender
from recoverynet.push.models import Delivery
from recoverynet.yourdata.export import write_export
from tests.helpers import free_port, make_app, send_queued_emails
from tests.network_world import add_member, sign_in_as
from tests.pushservice import HitRecorder, PushService, deliver, make_subscription


def stored(app, column):
    """The one value stored in this column."""
    with app.app_context():
        [value] = db.session.scalars(select(column)).all()
        return value


def worker_pass(app) -> dict:
    """One pass of the push worker (queue what is due, send what is sendable)."""
    with app.app_context():
        return deliver(app)


def subscribe(client, endpoint: str, keys: dict):
    """Casey's browser hands the app its push subscription (the app queues a test push)."""
    sign_in_as(client, "casey@example.org")
    response = client.post("/push/subscriptions", json={"endpoint": endpoint, "keys": keys})
    assert response.status_code == 201, response.get_data(as_text=True)


# ---- auth/emails.py: the client address an email request is counted by (EmailRequest.client_address, 64) ----

def test_a_forwarded_client_address_too_long_for_its_column_is_cut_to_fit(app, people, database_url, instance_dir):
    """Behind the proxy the client address is what the proxy forwarded; one that hides addresses
    behind an obfuscated identifier (RFC 7239 section 6.3) may forward more than an address."""
    proxied = make_app(database_url, instance_dir, BEHIND_PROXY=True)
    client = proxied.test_client()
    client.environ_base["REMOTE_ADDR"] = "127.0.0.1"  # the proxy
    hidden = "_" + "obfuscated-client-" * 6

    try:
        response = client.post("/forgot", data={"email": "casey@example.org"}, headers={"X-Forwarded-For": hidden})
    finally:
        with proxied.app_context():
            db.engine.dispose()

    assert response.status_code == 200 and b"Check your email" in response.data
    address = stored(app, EmailRequest.client_address)
    assert len(address) == 64 and address == hidden[:64]


# ---- mail.py: why the last try failed (OutgoingEmail.last_error, 500) ----

# A real Gmail refusal: nine lines, over 500 characters as smtplib reports it.
GMAIL_REFUSAL = [
    "5.7.26 This mail has been blocked because the sender is unauthenticated.",
    "5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.",
    "5.7.26",
    "5.7.26  Authentication results:",
    "5.7.26  DKIM = did not pass",
    "5.7.26  SPF [recovery.example.org] with ip: [203.0.113.9] = did not pass",
    "5.7.26",
    "5.7.26  For instructions on setting up authentication, go to",
    "5.7.26  https://support.google.com/mail/answer/81126#authentication d2e1a72fcca58-7a0d2d3f0b1si1234567b3a.123"
    " - gsmtp",
]


@pytest.fixture
def refusing_mail_server(app):
    """A real SMTP server on 127.0.0.1 that refuses every message with GMAIL_REFUSAL."""
    class Refuse:
        async def handle_DATA(self, server, session, envelope):
            return "\r\n".join(f"550{' ' if n == len(GMAIL_REFUSAL) - 1 else '-'}{line}"
                               for n, line in enumerate(GMAIL_REFUSAL))

    controller = Controller(Refuse(), hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    yield
    controller.stop()


def test_a_long_refusal_from_the_mail_server_is_cut_to_fit_the_outbox(app, client, people, refusing_mail_server):
    client.post("/forgot", data={"email": "casey@example.org"})

    assert send_queued_emails(app) == 0

    error = stored(app, OutgoingEmail.last_error)
    assert len(error) == 500 and error.startswith("SMTPDataError: (550, b'5.7.26 This mail has been blocked")


# ---- push/sender.py: why a push failed (Delivery.last_error, 300) ----

def test_a_long_answer_from_the_push_service_is_cut_to_fit_the_delivery(app, client, people):
    """A push service refuses the push (400) and explains at length."""
    talker = HitRecorder(status=400, body_bytes=1000)
    try:
        app.config["PUSH_ENDPOINT_HOSTS"] = [talker.url]
        subscribe(client, f"{talker.url}/push/casey-phone", make_subscription(PushService(), "casey-phone")["keys"])

        worker_pass(app)

        assert talker.hits == [("POST", "/push/casey-phone")]
    finally:
        talker.close()
    assert stored(app, Delivery.status) == "failed"
    error = stored(app, Delivery.last_error)
    assert len(error) == 300 and error == "push service answered 400: " + "0" * 273


class WordyWebPusher(sender.WebPusher):
    """pywebpush as it is, except that when it can't use a subscription's keys it explains at
    length, quoting the key in hex. Today's pywebpush says at most about 100 characters (the
    keys a browser may hand in are at most 200 and 100 characters), so the cut is only reached
    through a library that says more: this one."""

    def encode(self, data, content_encoding="aes128gcm"):
        try:
            return super().encode(data, content_encoding)
        except ValueError as error:
            raise ValueError(f"{error} The subscription's p256dh key is not a point on the P-256 curve "
                             f"(SECP256R1): {self.receiver_key.hex(' ')}") from error


def test_a_long_reason_why_the_keys_are_unusable_is_cut_to_fit_the_delivery(app, client, people, monkeypatch):
    monkeypatch.setattr(sender, "WebPusher", WordyWebPusher)
    service = PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"])
    with service:
        app.config["PUSH_ENDPOINT_HOSTS"] = [service.origin]
        keys = make_subscription(service, "casey-phone")["keys"]
        # A point that is not on the curve, in a key of the right length.
        subscribe(client, service.endpoint("casey-phone"), {**keys, "p256dh": "BA" + "E" * 85})

        worker_pass(app)

        assert service.attempts == []  # nothing was sent
    assert stored(app, Delivery.status) == "failed"
    error = stored(app, Delivery.last_error)
    assert len(error) == 300 and error.startswith("subscription keys unusable: ValueError: Invalid EC key. The subscr")


# ---- push/dispatch.py: the worker's name on the deliveries it leases (Delivery.claimed_by, 64) ----

# A Kubernetes pod's name: 63 characters, the most a host name may have.
POD_NAME = "recoverynet-reminder-worker-7d9f8b6c5d-x2k4q-eu-west-1a-prod-01"


def test_a_worker_on_a_long_named_machine_leases_under_a_name_cut_to_fit(app, client, runner, people, monkeypatch):
    """`flask reminders run --once` on a machine with a long name: while the push is out, its
    lease names the worker in at most the column's 64 characters, and the pass goes on to send."""
    assert len(POD_NAME) == 63
    monkeypatch.setattr(socket, "gethostname", lambda: POD_NAME)
    leases = []

    def send_noting_the_lease(*args, **kwargs):
        with app.app_context():
            leases.extend(db.session.scalars(select(Delivery.claimed_by)))
            db.session.remove()
        return sender.send(*args, **kwargs)

    monkeypatch.setattr(dispatch, "send", send_noting_the_lease)
    with PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"]) as service:
        app.config["PUSH_ENDPOINT_HOSTS"] = [service.origin]
        subscribe(client, service.endpoint("casey-phone"), make_subscription(service, "casey-phone")["keys"])

        result = runner.invoke(args=["reminders", "run", "--once"])

        assert result.exit_code == 0, result.output
        assert "sent 1 push(es)" in result.output and len(service.payloads("casey-phone")) == 1
    [lease] = leases  # the host's name cut, never the part that tells two of its workers apart
    unique = f":{os.getpid()}:"
    assert len(lease) == 64 and lease.startswith(POD_NAME[:64 - len(unique) - 6] + unique)
    assert (stored(app, Delivery.status), stored(app, Delivery.claimed_by)) == ("sent", "")


# ---- caseload/rows.py: what a caseload showed, in the client's "who saw what" (ViewRecord.shown, 200) ----

CASELOAD_LINE = ("Caseload: day count, last entry, latest check-in, this month's measures and %(num)d flag",
                 "Caseload: day count, last entry, latest check-in, this month's measures and %(num)d flags")
# A translator's wording, longer than the column.
GERMAN_LINE = ("Fallübersicht der begleitenden Fachkraft: Anzahl der Tage ohne Konsum, Datum und Uhrzeit des "
               "letzten Eintrags, Datum des letzten wöchentlichen Gesprächs, die Messwerte dieses Monats samt "
               "Entwicklung und %(num)d Hinweis{}")


@pytest.fixture
def german(app, tmp_path):
    """German spoken on this server, with a catalog of one sentence: the caseload line."""
    catalog = Catalog(locale="de")
    catalog.add(CASELOAD_LINE, (GERMAN_LINE.format(""), GERMAN_LINE.format("e")))
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "de" / "LC_MESSAGES" / "messages.mo", "wb") as f:
        write_mo(f, catalog)
    babel = app.extensions["babel"]
    with app.app_context():
        cache = babel.instance.domain_instance.cache  # catalogs are kept per language: none for "de" yet
    babel.translation_directories.append(str(tmp_path))
    app.config["LANGUAGES"] = ("en", "es", "de")
    cache.pop(("de", "messages"), None)
    yield
    cache.pop(("de", "messages"), None)
    babel.translation_directories.remove(str(tmp_path))


def test_a_long_translation_of_what_the_caseload_showed_is_cut_to_fit(app, client, people, german):
    assert len(GERMAN_LINE.format("e") % {"num": 0}) > 200
    add_member(app, people["client"], "cleo@example.org", "Cleo Clinician", scopes=("measures",),
               relationship="clinician")
    with app.app_context():
        db.session.get(User, people["client"]).language = "de"  # the record is in the client's language
        db.session.commit()
    sign_in_as(client, "cleo@example.org")

    assert client.get("/caseload").status_code == 200

    shown = stored(app, ViewRecord.shown)
    assert len(shown) == 200 and shown == (GERMAN_LINE.format("e") % {"num": 0})[:200]


# ---- yourdata/import_cli.py: the name of an account the import makes (User.display_name, 80) ----

# A valid address of 140 characters: a 64-character local part (the most allowed) at a long domain.
LONG_EMAIL = "casey.longname." + "c" * 49 + "@" + "d" * 63 + ".example.org"


def test_an_account_made_for_an_import_to_a_long_address_is_first_named_by_the_address_cut_to_fit(
        app, runner, people, tmp_path):
    """`flask import-person --create` writes the new account before it reads the export into it:
    named by its address until the export's name replaces it, so the address is cut to the column.
    The name is read back from the database as that row is written (the command's first flush)."""
    assert len(LONG_EMAIL) == 140 and len(LONG_EMAIL.split("@")[0]) == 64
    with app.test_request_context():
        out = io.BytesIO()
        write_export(db.session.get(User, people["client"]), out)
    archive = tmp_path / "export.zip"
    archive.write_bytes(out.getvalue())
    names_as_written = []

    def read_the_name_back(session, flush_context):
        names_as_written.extend(session.connection().scalars(
            select(User.display_name).where(User.email == LONG_EMAIL)))

    event.listen(Session, "after_flush", read_the_name_back)
    try:
        result = runner.invoke(args=["import-person", str(archive), "--email", LONG_EMAIL, "--create"])
    finally:
        event.remove(Session, "after_flush", read_the_name_back)

    assert result.exit_code == 0, result.output
    first = names_as_written[0]
    assert len(first) == 80 and first == LONG_EMAIL[:80]
    assert stored_name(app, LONG_EMAIL) == "Casey Client"  # then the export's name


def stored_name(app, email: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.display_name).where(User.email == email))
