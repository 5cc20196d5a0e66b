"""Invite links: shared as a link, a text message and a QR code; single-use, expiring, withdrawable."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Invite
from recoverynet.notifications.models import Notification
from recoverynet.timeutil import utcnow
from tests.helpers import confirmation_path, queued_emails
from tests.network_world import sign_in_as

JOINER = {"email": "robin@example.org", "password": "a long passphrase", "display_name": "Robin",
          "timezone": "Europe/London", "country": "GB"}


@pytest.fixture
def card_id(app, client, auth, people):
    auth.login()
    client.post("/network", data={"name": "Robin", "relationship": "sponsor", "circle": "inner",
                                  "phone": "07700 900123", "notes": "PRIVATE-NOTE"})
    with app.app_context():
        return db.session.scalar(select(Contact.id))


def make_invite(client, card_id) -> tuple[str, str]:
    """(page body, path of the invite link) as the client sees them."""
    body = client.post(f"/network/{card_id}/invite").get_data(as_text=True)
    return body, re.search(r'value="http://localhost(/join/[^"]+)"', body).group(1)


def test_the_invite_page_offers_share_text_message_and_qr_code(client, card_id):
    body, path = make_invite(client, card_id)
    assert 'data-share-url="http://localhost' + path in body
    assert 'href="sms:07700900123?&amp;body=' in body
    assert '<svg' in body and 'class="segno"' in body
    assert "PRIVATE-NOTE" not in body


def test_the_database_holds_no_usable_token_text(app, client, card_id):
    _, path = make_invite(client, card_id)
    token = path.rsplit("/", 1)[1]
    with app.app_context(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                assert all(token not in str(value) for value in row), table.name


def test_a_new_person_joins_and_lands_in_the_clients_space_seeing_nothing(app, client, card_id, people):
    _, path = make_invite(client, card_id)
    client.post("/logout")
    assert b"would like you on their team" in client.get(path).data
    # Changed with issue 14: a new person confirms their address first, from the emailed link.
    response = client.post(path, data=JOINER)
    assert response.status_code == 200 and b"Check your email" in response.data
    link = confirmation_path(queued_emails(app, "robin@example.org")[0].body)
    assert b"Confirm and join" in client.get(link).data
    response = client.post(link)
    assert response.status_code == 303 and response.headers["Location"] == f"/support/{people['client']}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "hasn't shared anything with you yet" in page and "PRIVATE-NOTE" not in page
    with app.app_context():
        robin = db.session.scalar(select(User).where(User.email == "robin@example.org"))
        card = db.session.get(Contact, card_id)
        assert card.member_id == robin.id and card.scopes == set() and robin.is_client is False
        assert db.session.scalar(select(Notification.text).where(Notification.user_id == people["client"])) \
            .startswith("Robin accepted your invite")


def test_someone_with_an_account_joins_after_signing_in(app, client, card_id, people):
    _, path = make_invite(client, card_id)
    sign_in_as(client, "oli@example.org")
    assert b"Join as Oli Other" in client.get(path).data
    assert client.post(path).status_code == 303
    with app.app_context():
        assert db.session.get(Contact, card_id).member_id == people["other_client"]


def test_joining_with_a_bad_form_keeps_what_was_typed(client, card_id):
    _, path = make_invite(client, card_id)
    client.post("/logout")
    response = client.post(path, data={**JOINER, "password": "short"})
    assert response.status_code == 422 and b'value="Robin"' in response.data


def test_a_used_invite_gets_a_clear_page(client, card_id):
    _, path = make_invite(client, card_id)
    sign_in_as(client, "oli@example.org")
    client.post(path)
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 410 and b"This invite has already been used" in response.data


def test_an_expired_invite_gets_a_clear_page(app, client, card_id):
    _, path = make_invite(client, card_id)
    with app.app_context():
        db.session.execute(update(Invite).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.get(path)
    assert response.status_code == 410 and b"This invite has run out" in response.data


def test_invites_expire_after_72_hours(app, client, card_id):
    make_invite(client, card_id)
    with app.app_context():
        invite = db.session.scalar(select(Invite))
        assert invite.expires_at - invite.created_at == timedelta(hours=72)


def test_an_invite_runs_out_at_the_72nd_hour_exactly(app, client, card_id, time_machine):
    _, path = make_invite(client, card_id)
    with app.app_context():
        expires_at = db.session.scalar(select(Invite.expires_at))
    time_machine.move_to(expires_at - timedelta(microseconds=1), tick=False)
    assert client.get(path).status_code == 200
    time_machine.move_to(expires_at, tick=False)
    assert client.get(path).status_code == 410


def test_an_invite_token_holds_24_random_bytes(client, card_id):
    # 192 bits: as hard to guess as a password manager's, and 32 characters in a link.
    _, path = make_invite(client, card_id)
    assert re.fullmatch(r"/join/[A-Za-z0-9_-]{32}", path)


def test_a_withdrawn_invite_gets_a_clear_page(client, card_id):
    _, path = make_invite(client, card_id)
    client.post(f"/network/{card_id}/invite/withdraw")
    response = client.get(path)
    assert response.status_code == 410 and b"This invite was taken back" in response.data


def test_a_new_invite_stops_the_old_one(client, card_id):
    _, first = make_invite(client, card_id)
    _, second = make_invite(client, card_id)
    assert client.get(first).status_code == 410 and client.get(second).status_code == 200


def test_an_unknown_invite_gets_a_clear_page(client):
    response = client.get("/join/not-a-real-token")
    assert response.status_code == 410 and b"recognise this invite link" in response.data


def test_the_client_cannot_join_their_own_network(client, card_id):
    _, path = make_invite(client, card_id)
    response = client.post(path)
    assert response.status_code == 409 and b"This is your own invite link" in response.data


def test_an_invite_is_used_once_even_if_sent_twice(app, card_id, people):
    from recoverynet.network.invites import find_invite, use_invite
    with app.app_context():
        from recoverynet.network.invites import create_invite
        invite, token = create_invite(db.session.get(Contact, card_id))
        found, _ = find_invite(token)
        assert use_invite(found) is True and use_invite(found) is False


def test_withdrawing_a_cards_links_leaves_a_used_one_and_an_earlier_withdrawal_as_they_were(app, people):
    """Only the links still open are withdrawn: a used link keeps saying it was used, and one
    withdrawn before keeps the moment it was withdrawn."""
    from recoverynet.network.invites import withdraw_open_invites
    long_ago = utcnow().replace(microsecond=0) - timedelta(days=9)
    with app.app_context():
        card = Contact(client_id=people["client"], name="Robin", relationship="friend")
        db.session.add(card)
        db.session.flush()
        used = Invite(contact_id=card.id, token_hash="used", expires_at=utcnow(), used_at=long_ago)
        withdrawn = Invite(contact_id=card.id, token_hash="withdrawn", expires_at=utcnow(), withdrawn_at=long_ago)
        still_open = Invite(contact_id=card.id, token_hash="open", expires_at=utcnow())
        db.session.add_all([used, withdrawn, still_open])
        db.session.commit()
        withdraw_open_invites(card)
        db.session.commit()
        db.session.expire_all()
        assert used.withdrawn_at is None and withdrawn.withdrawn_at == long_ago and still_open.withdrawn_at is not None
