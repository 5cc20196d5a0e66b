"""The client's Home shows the newest word of encouragement from their network, and the client
can say thank you to its sender in one tap."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Encouragement
from recoverynet.timeutil import utcnow
from tests.helpers import counted_queries
from tests.network_world import add_member, sign_in_as


@pytest.fixture
def mia(app, people):
    member_id, _ = add_member(app, people["client"], "mia@example.org", "Mia Member")
    return member_id


def send(app, client_id, sender_id, text, hours_ago=1) -> int:
    with app.app_context():
        message = Encouragement(client_id=client_id, sender_id=sender_id, text=text,
                                sent_at=utcnow() - timedelta(hours=hours_ago))
        db.session.add(message)
        db.session.commit()
        return message.id


def casey_home(client) -> str:
    sign_in_as(client, "casey@example.org")
    return client.get("/").get_data(as_text=True)


def notifications_for(app, user_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Notification.text).where(Notification.user_id == user_id)))


def test_home_shows_the_newest_encouragement(app, client, people, mia):
    send(app, people["client"], mia, "Proud of you yesterday.", hours_ago=20)
    send(app, people["client"], mia, "One day at a time.", hours_ago=2)
    body = casey_home(client)
    assert "<p>One day at a time.</p>" in body and "Proud of you yesterday." not in body


def test_home_shows_who_sent_the_encouragement(app, client, people, mia):
    send(app, people["client"], mia, "One day at a time.")
    assert "<figcaption>Mia Member · " in casey_home(client)


def test_home_has_no_encouragement_card_before_any_message(client, people, mia):
    assert "From your network" not in casey_home(client)


def test_another_clients_encouragement_never_shows_on_home(app, client, people):
    ola, _ = add_member(app, people["other_client"], "ola@example.org", "Ola Other-member")
    send(app, people["other_client"], ola, "OLI-ONLY message.")
    body = casey_home(client)
    assert "OLI-ONLY" not in body and "From your network" not in body


def test_a_message_from_someone_since_removed_from_the_network_is_not_shown(app, client, people, mia):
    send(app, people["client"], mia, "An old message.")
    with app.app_context():
        db.session.scalar(select(Contact).where(Contact.member_id == mia)).member_id = None
        db.session.commit()
    assert "An old message." not in casey_home(client)


def test_saying_thank_you_tells_the_sender(app, client, people, mia):
    message = send(app, people["client"], mia, "One day at a time.")
    sign_in_as(client, "casey@example.org")
    response = client.post(f"/messages/{message}/thank", data={"thanks": ""})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert notifications_for(app, mia) == ["Casey Client says thank you for your message."]


def test_a_thank_you_carries_the_clients_words(app, client, people, mia):
    message = send(app, people["client"], mia, "One day at a time.")
    sign_in_as(client, "casey@example.org")
    client.post(f"/messages/{message}/thank", data={"thanks": "It helped tonight"})
    assert notifications_for(app, mia) == ["Casey Client says thank you: “It helped tonight”"]


def test_after_thanking_home_says_so_instead_of_asking_again(app, client, people, mia):
    message = send(app, people["client"], mia, "One day at a time.")
    sign_in_as(client, "casey@example.org")
    body = client.post(f"/messages/{message}/thank", data={"thanks": ""}, follow_redirects=True).get_data(as_text=True)
    assert "Your thanks are sent." in body and "You said thank you to Mia Member." in body
    assert f"/messages/{message}/thank" not in body


def test_thanking_twice_tells_the_sender_once(app, client, people, mia):
    message = send(app, people["client"], mia, "One day at a time.")
    sign_in_as(client, "casey@example.org")
    for _ in range(2):
        client.post(f"/messages/{message}/thank", data={"thanks": ""})
    assert len(notifications_for(app, mia)) == 1


def test_a_client_cannot_thank_for_another_clients_message(app, client, people):
    ola, _ = add_member(app, people["other_client"], "ola@example.org", "Ola Other-member")
    message = send(app, people["other_client"], ola, "For Oli.")
    sign_in_as(client, "casey@example.org")
    assert client.post(f"/messages/{message}/thank", data={"thanks": ""}).status_code == 404
    assert notifications_for(app, ola) == []


def test_thanks_too_long_come_back_with_the_words_and_why(app, client, people, mia):
    message = send(app, people["client"], mia, "One day at a time.")
    sign_in_as(client, "casey@example.org")
    response = client.post(f"/messages/{message}/thank", data={"thanks": "x" * 281})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="field-error" id="thanks-error">Please keep this under 280 characters.</p>' in body
    assert "x" * 281 in body and notifications_for(app, mia) == []


def test_the_thank_you_leads_the_sender_to_the_clients_page(app, client, people, mia):
    message = send(app, people["client"], mia, "One day at a time.")
    sign_in_as(client, "casey@example.org")
    client.post(f"/messages/{message}/thank", data={"thanks": ""})
    with app.app_context():
        notices = db.session.execute(select(Notification.kind, Notification.link)
                                     .where(Notification.user_id == mia)).all()
    assert notices == [("encouragement_thanked", f"/support/{people['client']}")]


def test_of_two_messages_sent_the_same_moment_home_shows_the_later_one(app, client, people, mia):
    with app.app_context():
        moment = utcnow() - timedelta(hours=1)
        db.session.add_all([Encouragement(client_id=people["client"], sender_id=mia, text=text, sent_at=moment)
                            for text in ("First of two.", "Second of two.")])
        db.session.commit()
    body = casey_home(client)
    assert "<p>Second of two.</p>" in body and "First of two." not in body


def test_a_message_from_someone_since_removed_from_the_network_cannot_be_thanked(app, client, people, mia):
    message = send(app, people["client"], mia, "An old message.")
    with app.app_context():
        db.session.scalar(select(Contact).where(Contact.member_id == mia)).member_id = None
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    assert client.post(f"/messages/{message}/thank", data={"thanks": ""}).status_code == 404
    assert notifications_for(app, mia) == []


def test_home_shown_again_after_a_refused_thank_you_shows_the_newest_message_by_when_it_was_sent(
        app, client, people, mia):
    """Written down late: a message stored after another can be the older one (an offline send)."""
    send(app, people["client"], mia, "The newest message.", hours_ago=1)
    older = send(app, people["client"], mia, "An older message, stored later.", hours_ago=30)
    sign_in_as(client, "casey@example.org")
    body = client.post(f"/messages/{older}/thank", data={"thanks": "x" * 281}).get_data(as_text=True)
    assert "<p>The newest message.</p>" in body and "An older message, stored later." not in body


def test_of_two_messages_sent_at_the_same_moment_home_shown_again_shows_the_one_stored_last(
        app, client, people, mia):
    """The same order as Home's own row (is_newest_from_network): a tie in time goes to the later."""
    moment = utcnow() - timedelta(hours=2)
    with app.app_context():
        first = Encouragement(client_id=people["client"], sender_id=mia, text="Stored first.", sent_at=moment)
        db.session.add(first)
        db.session.flush()
        db.session.add(Encouragement(client_id=people["client"], sender_id=mia, text="Stored last.", sent_at=moment))
        db.session.commit()
        first_id = first.id
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        body = client.post(f"/messages/{first_id}/thank", data={"thanks": "x" * 281}).get_data(as_text=True)
    assert "<p>Stored last.</p>" in body and "<p>Stored first.</p>" not in body
    assert "<p>Stored last.</p>" in client.get("/").get_data(as_text=True)
    # Said in the statement, not left to a plan: SQLite's index happens to give the later first,
    # PostgreSQL promises no order among equals.
    assert any("ORDER BY encouragement.sent_at DESC, encouragement.id DESC" in sql for sql in statements)


def test_homes_newest_message_is_asked_of_one_row_as_postgresql_requires():
    """Compared with `=`, the newest message's subquery must give one row: SQLite takes the first
    of many, PostgreSQL refuses ("more than one row returned by a subquery"). The SQLite suite
    can't tell, so the statement is read as PostgreSQL gets it."""
    from sqlalchemy.dialects import postgresql

    from recoverynet.rewards.thanks import is_newest_from_network
    compiled = is_newest_from_network(7).compile(dialect=postgresql.dialect())
    assert " ".join(str(compiled).split()).endswith(
        "WHERE encouragement_1.client_id = %(client_id_1)s::INTEGER "
        "ORDER BY encouragement_1.sent_at DESC, encouragement_1.id DESC LIMIT %(param_1)s::INTEGER)")
    assert compiled.params == {"client_id_1": 7, "param_1": 1}
