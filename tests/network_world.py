"""Shared set-up for network tests: Casey (client) and the people around her."""
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.timeutil import utcnow
from tests.conftest import make_user


def add_member(app, client_id: int, email: str, name: str, scopes=(), **card) -> tuple[int, int]:
    """A member with an account, linked to a card on the client's map: (user id, card id)."""
    with app.app_context():
        member = make_user(email, name, is_client=False)
        contact = Contact(client_id=client_id, name=card.pop("card_name", name), member_id=member.id,
                          joined_at=utcnow(), relationship=card.pop("relationship", "partner"), **card)
        contact.grants = [Grant(scope=scope) for scope in scopes]
        db.session.add(contact)
        db.session.commit()
        return member.id, contact.id


def sign_in_as(client, email: str) -> None:
    from tests.conftest import PASSWORD
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
