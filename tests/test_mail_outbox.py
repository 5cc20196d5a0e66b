"""Emails are queued by the request and sent by the worker, with retries; the emails a
stranger can trigger are limited per address and per client address."""
from datetime import timedelta

from sqlalchemy import select, update

from recoverynet.extensions import db
from recoverynet.timeutil import utcnow
from tests.helpers import free_port, make_user, queued_emails, send_queued_emails as worker_step


def outbox(app) -> list:
    from recoverynet.mail import OutgoingEmail
    with app.app_context():
        rows = db.session.scalars(select(OutgoingEmail).order_by(OutgoingEmail.id)).all()
        db.session.expunge_all()
        return rows


def test_a_request_only_queues_its_email_and_the_worker_sends_it(app, client, people, mailbox):
    response = client.post("/forgot", data={"email": "casey@example.org"})
    assert b"Check your email" in response.data
    assert mailbox == [] and len(queued_emails(app, "casey@example.org")) == 1
    assert worker_step(app) == 1
    assert len(mailbox) == 1 and "Subject: Reset your RecoveryNet password" in mailbox[0]


def test_the_reminder_worker_sends_queued_emails(app, client, runner, people, mailbox):
    client.post("/forgot", data={"email": "casey@example.org"})
    result = runner.invoke(args=["reminders", "run", "--once"])
    assert result.exit_code == 0 and "Sent 1 email(s)." in result.output
    assert len(mailbox) == 1 and "To: casey@example.org" in mailbox[0]


def test_a_sent_email_keeps_no_body(app, client, people, mailbox):
    client.post("/forgot", data={"email": "casey@example.org"})
    worker_step(app)
    [sent] = outbox(app)
    assert sent.sent_at is not None and sent.body == ""  # the reset link is not kept


def test_a_failed_email_is_retried_with_a_pause_then_given_up(app, client, people):
    from recoverynet.mail import MAX_ATTEMPTS, send_queued_emails
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)  # nobody listens
    client.post("/forgot", data={"email": "casey@example.org"})
    assert worker_step(app) == 0
    [email] = outbox(app)
    assert email.attempts == 1 and email.sent_at is None and "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at > utcnow() + timedelta(seconds=30)
    assert worker_step(app) == 0 and outbox(app)[0].attempts == 1  # not before its time
    later = utcnow()
    with app.app_context():
        for _ in range(MAX_ATTEMPTS + 2):
            later += timedelta(hours=3)  # past the longest pause
            send_queued_emails(now=later)
    assert outbox(app)[0].attempts == MAX_ATTEMPTS


def test_a_reset_for_an_unknown_address_writes_the_same_as_for_a_real_one(app, client, people):
    # A write costs the request a commit that a read-only request doesn't pay: both must pay it.
    from recoverynet.auth.models import EmailRequest
    for email in ("casey@example.org", "nobody@example.org"):
        client.post("/forgot", data={"email": email})
    with app.app_context():
        asked = db.session.execute(select(EmailRequest.email, EmailRequest.granted).order_by(EmailRequest.id)).all()
    assert asked == [("casey@example.org", True), ("nobody@example.org", True)]


def test_the_worker_forgets_requests_older_than_the_limits_look_back(app, client, people):
    from recoverynet.auth.emails import forget_old_email_requests
    from recoverynet.auth.models import EmailRequest
    client.post("/forgot", data={"email": "casey@example.org"})
    with app.app_context():
        assert forget_old_email_requests() == 0
        db.session.execute(update(EmailRequest).values(at=utcnow() - timedelta(minutes=61)))
        assert forget_old_email_requests() == 1


def test_reset_emails_are_limited_per_address(app, client, people):
    app.config["EMAIL_LIMIT_PER_ADDRESS"] = 3
    answers = [client.post("/forgot", data={"email": "casey@example.org"}).data for _ in range(5)]
    assert len(set(answers)) == 1  # the same answer over the limit
    assert len(queued_emails(app, "casey@example.org")) == 3


def test_reset_emails_are_limited_per_client_address(app, client, people):
    app.config["EMAIL_LIMIT_PER_CLIENT"] = 3
    with app.app_context():
        emails = [make_user(f"person{n}@example.org", f"Person {n}").email for n in range(5)]
    answers = [client.post("/forgot", data={"email": email}).data.replace(email.encode(), b"X")
               for email in emails]
    assert len(set(answers)) == 1
    assert len(outbox(app)) == 3
    other = app.test_client()
    other.post("/forgot", data={"email": emails[4]}, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert len(outbox(app)) == 4  # another client address has its own allowance


def test_send_it_again_is_limited_too(app, client):
    app.config["EMAIL_LIMIT_PER_ADDRESS"] = 3
    client.post("/signup", data={"email": "sam@example.org", "password": "a long passphrase",
                                 "display_name": "Sam", "timezone": "Europe/London", "country": "GB"})
    for _ in range(5):
        assert b"Check your email" in client.post("/signup/resend", data={"email": "sam@example.org"}).data
    assert len(queued_emails(app, "sam@example.org")) == 3
