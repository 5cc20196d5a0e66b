"""Sign-up and invite-join answer the same whether or not the address has an account; a new
account is confirmed from an emailed link before anyone can sign in to it."""
import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from tests.helpers import confirmation_path, queued_emails

SIGNUP = {"password": "a long passphrase", "display_name": "Sam", "timezone": "Europe/London",
          "country": "GB", "sober_since": "2024-05-01"}


def accounts(app) -> dict[str, tuple]:
    with app.app_context():
        return {u.email: (u.password_hash, u.display_name, u.confirmed_at)
                for u in db.session.scalars(select(User))}


def sign_up(client, email, **fields):
    return client.post("/signup", data={**SIGNUP, "email": email, **fields})


@pytest.fixture
def invite_path(app, client, auth, people):
    """An invite from Casey, and nobody signed in."""
    import re
    auth.login()
    client.post("/network", data={"name": "Robin", "relationship": "sponsor", "circle": "inner"})
    with app.app_context():
        card_id = db.session.scalar(select(Contact.id))
    body = client.post(f"/network/{card_id}/invite").get_data(as_text=True)
    client.post("/logout")
    return re.search(r'value="http://localhost(/join/[^"]+)"', body).group(1)


def test_signup_with_an_existing_email_answers_exactly_as_with_a_new_one(app, client, people):
    before = accounts(app)
    new = sign_up(client, "sam@example.org")
    taken = sign_up(client, "casey@example.org")
    assert new.status_code == taken.status_code == 200
    assert new.data.replace(b"sam@example.org", b"X") == taken.data.replace(b"casey@example.org", b"X")
    after = accounts(app)
    assert after["casey@example.org"] == before["casey@example.org"]  # nothing changed
    assert set(after) == set(before) | {"sam@example.org"}  # nothing created for Casey's address
    [told] = queued_emails(app, "casey@example.org")
    assert told.subject == "Someone tried to sign up with your email"
    assert "http://localhost/login" in told.body and "http://localhost/forgot" in told.body
    assert "/confirm/" not in told.body


def test_joining_with_an_existing_email_answers_exactly_as_with_a_new_one(app, client, invite_path, people):
    before = accounts(app)
    joiner = {k: v for k, v in SIGNUP.items() if k != "sober_since"}
    new = client.post(invite_path, data={**joiner, "email": "robin@example.org"})
    taken = client.post(invite_path, data={**joiner, "email": "oli@example.org"})
    assert new.status_code == taken.status_code == 200
    assert new.data.replace(b"robin@example.org", b"X") == taken.data.replace(b"oli@example.org", b"X")
    after = accounts(app)
    assert after["oli@example.org"] == before["oli@example.org"]
    assert set(after) == set(before) | {"robin@example.org"}
    [told] = queued_emails(app, "oli@example.org")
    assert "join Casey Client's support network" in told.body and "/confirm/" not in told.body


def test_signup_hashes_the_password_for_an_existing_email_too(app, client, people, monkeypatch):
    # Hashing is most of a sign-up's time: skipping it for a taken address would tell.
    from recoverynet.auth import accounts as signup_module
    hashed = []
    monkeypatch.setattr(signup_module, "hash_password", lambda p: hashed.append(p) or "$argon2id$x")
    sign_up(client, "sam@example.org")
    sign_up(client, "casey@example.org")
    assert hashed == ["a long passphrase", "a long passphrase"]


def test_an_unconfirmed_account_cannot_sign_in(app, client):
    sign_up(client, "sam@example.org")
    right = client.post("/login", data={"email": "sam@example.org", "password": "a long passphrase"})
    wrong = client.post("/login", data={"email": "sam@example.org", "password": "not the password"})
    assert right.status_code == wrong.status_code == 422
    assert right.data == wrong.data
    assert b"Open the link we emailed you first" in right.data


def test_the_confirmation_link_confirms_the_account_and_signs_in(app, client):
    sign_up(client, "sam@example.org")
    link = confirmation_path(queued_emails(app, "sam@example.org")[0].body)
    assert b"Confirm and sign in" in client.get(link).data  # a button: a mail scanner's GET changes nothing
    assert accounts(app)["sam@example.org"][2] is None
    response = client.post(link)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert b"Hello, Sam" in client.get("/").data
    assert accounts(app)["sam@example.org"][2] is not None


def test_a_confirmation_link_works_once(app, client):
    sign_up(client, "sam@example.org")
    link = confirmation_path(queued_emails(app, "sam@example.org")[0].body)
    client.post(link)
    client.post("/logout")
    assert client.get(link).status_code == 410
    again = client.post(link)
    assert again.status_code == 410 and b"This link no longer works" in again.data
    assert b"Hello, Sam" not in client.get("/").data


def test_a_newer_signup_for_a_pending_address_replaces_it_and_voids_the_older_link(app, client):
    # Someone who registers another person's address first can't keep their password on it.
    sign_up(client, "sam@example.org", password="an intruder's passphrase")
    sign_up(client, "sam@example.org", password="the owner's passphrase")
    first, second = (confirmation_path(e.body) for e in queued_emails(app, "sam@example.org"))
    assert client.post(first).status_code == 410
    assert client.post(second).status_code == 303
    client.post("/logout")
    assert client.post("/login", data={"email": "sam@example.org",
                                       "password": "an intruder's passphrase"}).status_code == 422
    assert client.post("/login", data={"email": "sam@example.org",
                                       "password": "the owner's passphrase"}).status_code == 303


def test_send_it_again_queues_the_confirmation_again(app, client):
    page = sign_up(client, "sam@example.org").get_data(as_text=True)
    assert "Send it again" in page and "spam" in page
    again = client.post("/signup/resend", data={"email": "sam@example.org"})
    assert again.status_code == 200 and b"Check your email" in again.data
    emails = queued_emails(app, "sam@example.org")
    assert len(emails) == 2 and all("/confirm/" in e.body for e in emails)


def test_a_reset_link_confirms_a_pending_account(app, client):
    from recoverynet.auth.reset import make_reset_token
    sign_up(client, "sam@example.org")
    with app.app_context():
        token = make_reset_token(db.session.scalar(select(User)))
    assert client.post(f"/reset/{token}", data={"password": "a brand new passphrase"}).status_code == 303
    assert accounts(app)["sam@example.org"][2] is not None


def test_a_joiners_link_brings_them_back_to_the_invite(app, client, invite_path, people):
    client.post(invite_path, data={"email": "robin@example.org", "password": "a long passphrase",
                                   "display_name": "Robin", "timezone": "Europe/London", "country": "GB"})
    link = confirmation_path(queued_emails(app, "robin@example.org")[0].body)
    assert link.startswith("/join/confirm/")
    response = client.post(link)
    assert response.headers["Location"] == f"/support/{people['client']}"
    with app.app_context():
        robin = db.session.scalar(select(User).where(User.email == "robin@example.org"))
        assert db.session.scalar(select(func.count()).select_from(Contact)
                                 .where(Contact.member_id == robin.id)) == 1
    assert client.get(invite_path).status_code == 410  # the invite is used up, as before
