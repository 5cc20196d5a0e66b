"""Signing up, signing in and out, rate limits, and resetting a forgotten password."""
import email
import email.policy
import re

import pytest
from sqlalchemy import select

from recoverynet.auth.models import AuthSession, User
from recoverynet.extensions import db
from tests.helpers import PASSWORD, queued_emails, send_queued_emails

SIGNUP = {"email": "Sam@Example.org", "password": "a long passphrase", "display_name": "Sam",
          "timezone": "America/New_York", "country": "US", "sober_since": "2024-05-01"}


def test_signup_creates_an_unconfirmed_client_and_asks_them_to_check_their_email(app, client):
    # Changed with issue 14: signing in waits for the emailed link (test_signup_confirm.py).
    response = client.post("/signup", data=SIGNUP)
    assert response.status_code == 200 and b"Check your email" in response.data
    assert b"Hello, Sam" not in client.get("/").data
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.timezone, user.country) == ("sam@example.org", "America/New_York", "US")
        assert user.password_hash.startswith("$argon2id$") and "a long passphrase" not in user.password_hash
        assert user.confirmed_at is None
    assert "/confirm/" in queued_emails(app, "sam@example.org")[0].body


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "", "Please enter your email address."),
    ("email", "not-an-email", "look like an email address"),
    ("password", "short", "at least 8 characters"),
    ("display_name", "", "Please tell us what to call you."),
    ("timezone", "Mars/Olympus", "Please choose a time zone from the list"),
    ("country", "XX", "Please choose your country from the list."),
    ("sober_since", "2999-01-01", "That date is in the future."),
    ("sober_since", "yesterday", "Please enter a date like"),
])
def test_signup_explains_each_bad_field_and_keeps_what_was_typed(client, field, value, message):
    response = client.post("/signup", data={**SIGNUP, field: value})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert f'id="{field}-error"' in body  # the message sits beside its field
    kept = ("display_name", "Sam") if field != "display_name" else ("email", "Sam@Example.org")
    assert f'name="{kept[0]}" type="text" value="{kept[1]}"' in body or f'value="{kept[1]}"' in body


def test_long_passphrases_are_allowed_without_composition_rules(client):
    response = client.post("/signup", data={**SIGNUP, "password": "all lower case words " * 10})
    assert response.status_code == 200 and b"Check your email" in response.data


def test_unknown_email_and_wrong_password_get_the_same_answer(client, people):
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": PASSWORD})
    wrong = client.post("/login", data={"email": "casey@example.org", "password": "wrong password"})
    assert unknown.status_code == wrong.status_code == 422
    assert unknown.data.replace(b"nobody", b"X") == wrong.data.replace(b"casey", b"X")


def test_login_sends_the_client_on_to_a_local_next_page_only(client, people):
    good = client.post("/login?next=/log", data={"email": "casey@example.org", "password": PASSWORD})
    assert good.headers["Location"] == "/log"
    client.post("/logout")
    evil = client.post("/login?next=//evil.example/x", data={"email": "casey@example.org", "password": PASSWORD})
    assert evil.headers["Location"] == "/"


def test_login_is_limited_per_account(app, client, people):
    limit = app.config["LOGIN_LIMIT_PER_ACCOUNT"]
    for _ in range(limit):
        client.post("/login", data={"email": "casey@example.org", "password": "wrong password"})
    response = client.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    assert response.status_code == 429 and b"Too many sign-in attempts" in response.data


def test_login_is_limited_per_address_across_accounts(app, client, people):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = 3
    for n in range(3):
        client.post("/login", data={"email": f"guess{n}@example.org", "password": "wrong password"})
    response = client.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_the_session_id_changes_at_login(client, people):
    client.get("/login")
    client.set_cookie("rn_session", "planted-by-an-attacker")
    client.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    assert client.get_cookie("rn_session").value != "planted-by-an-attacker"
    first = client.get_cookie("rn_session").value
    client.post("/logout")
    client.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    assert client.get_cookie("rn_session").value != first


def test_a_copied_cookie_is_refused_after_logout(app, client, people):
    client.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    stolen = client.get_cookie("rn_session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("rn_session", stolen)
    response = thief.get("/log")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_logout_clears_the_site_data_and_says_so(client, auth, people):
    auth.login()
    response = auth.logout()
    assert response.status_code == 303 and response.headers["Location"] == "/signed-out"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert b"data-purge-storage" in client.get("/signed-out").data


def test_logout_deletes_the_server_session(app, auth, people):
    auth.login()
    auth.logout()
    with app.app_context():
        assert db.session.scalars(select(AuthSession)).all() == []


def reset_link(message: str) -> str:
    body = email.message_from_string(message, policy=email.policy.default).get_content()
    return re.search(r"http://localhost(/reset/\S+)", body).group(1)


def ask_for_reset(app, client, email="casey@example.org"):
    """Ask for a reset link, then let the worker send what was queued."""
    response = client.post("/forgot", data={"email": email})
    send_queued_emails(app)
    return response


def test_forgot_password_emails_a_link_that_sets_a_new_password(app, client, people, mailbox):
    response = ask_for_reset(app, client)
    assert b"Check your email" in response.data
    assert len(mailbox) == 1 and "To: casey@example.org" in mailbox[0]
    link = reset_link(mailbox[0])
    response = client.post(link, data={"password": "a brand new passphrase"})
    assert response.status_code == 303
    client.post("/logout")
    assert client.post("/login", data={"email": "casey@example.org",
                                       "password": "a brand new passphrase"}).status_code == 303


def test_a_reset_link_works_only_once(app, client, people, mailbox):
    ask_for_reset(app, client)
    link = reset_link(mailbox[0])
    client.post(link, data={"password": "a brand new passphrase"})
    again = client.get(link)
    assert again.status_code == 410 and b"This link no longer works" in again.data


def test_a_reset_link_expires(app, client, people, mailbox, monkeypatch):
    ask_for_reset(app, client)
    app.config["PASSWORD_RESET_MINUTES"] = -1  # every link is now older than allowed
    assert client.get(reset_link(mailbox[0])).status_code == 410


def test_forgot_password_does_not_reveal_whether_an_account_exists(app, client, people, mailbox):
    known = ask_for_reset(app, client)
    unknown = ask_for_reset(app, client, "nobody@example.org")
    assert known.data.replace(b"casey", b"X") == unknown.data.replace(b"nobody", b"X")
    assert len(mailbox) == 1


def test_a_reset_password_must_still_be_long_enough(app, client, people, mailbox):
    ask_for_reset(app, client)
    response = client.post(reset_link(mailbox[0]), data={"password": "short"})
    assert response.status_code == 422 and b"at least 8 characters" in response.data


def test_reset_signs_out_every_other_device(app, people, mailbox):
    laptop, phone = app.test_client(), app.test_client()
    laptop.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    ask_for_reset(app, phone)
    phone.post(reset_link(mailbox[0]), data={"password": "a brand new passphrase"})
    assert laptop.get("/log").status_code == 302
    assert phone.get("/log").status_code == 200


def test_without_smtp_the_reset_email_is_written_to_the_log(app, client, people, caplog):
    ask_for_reset(app, client)
    assert "/reset/" in caplog.text


def test_passwords_are_hashed_with_argon2id_at_owasp_cost(app, client):
    client.post("/signup", data=SIGNUP)
    with app.app_context():
        assert db.session.scalar(select(User.password_hash)).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
