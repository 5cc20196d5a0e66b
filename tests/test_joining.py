"""Joining a client's network by invite (network/support.py): who may join, what each refusal
says, and what the client is told when someone joins."""
import html
import re

from sqlalchemy import select, update

from recoverynet.extensions import db
from recoverynet.network import support
from recoverynet.network.invites import create_invite
from recoverynet.network.models import Contact, Invite
from recoverynet.notifications.models import Notification
from recoverynet.timeutil import utcnow
from tests.helpers import make_user
from tests.network_world import add_member, sign_in_as


def new_card(app, client_id: int, name="Robin") -> int:
    with app.app_context():
        card = Contact(client_id=client_id, name=name, relationship="sponsor")
        db.session.add(card)
        db.session.commit()
        return card.id


def invite_path(app, card_id: int) -> str:
    with app.app_context():
        _, token = create_invite(db.session.get(Contact, card_id))
        return f"/join/{token}"


def refusal(response) -> str:
    """The one sentence a refused join shows above the form."""
    return html.unescape(re.search(r'<p class="form-error" role="alert">(.*?)</p>', response.get_data(as_text=True))
                         .group(1))


def card(app, card_id: int) -> Contact:
    with app.app_context():
        return db.session.get(Contact, card_id)


def test_a_member_of_another_clients_network_can_join_this_one(app, client, people):
    add_member(app, people["other_client"], "mia@example.org", "Mia")
    robin = new_card(app, people["client"])
    path = invite_path(app, robin)
    sign_in_as(client, "mia@example.org")
    assert client.post(path).status_code == 303
    assert card(app, robin).member_id is not None


def test_someone_already_in_the_network_is_told_so_and_the_card_stays_open(app, client, people):
    mia_id, _ = add_member(app, people["client"], "mia@example.org", "Mia")
    robin = new_card(app, people["client"])
    path = invite_path(app, robin)
    sign_in_as(client, "mia@example.org")
    response = client.post(path)
    assert response.status_code == 409 and refusal(response) == "You are already in this person's network."
    assert card(app, robin).member_id is None


def test_the_client_opening_their_own_invite_is_told_to_send_it_on(app, client, auth, people):
    path = invite_path(app, new_card(app, people["client"]))
    auth.login()
    assert refusal(client.post(path)) == "This is your own invite link. Send it to the person you want to invite."


def test_an_invite_taken_a_moment_before_says_it_has_just_been_used(app, client, people, monkeypatch):
    # The link was fine when the request began; someone else's tap used it in between.
    robin = new_card(app, people["client"])
    path = invite_path(app, robin)
    with app.app_context():
        make_user("mia@example.org", "Mia", is_client=False)
    sign_in_as(client, "mia@example.org")

    def used_by_someone_else_first(invite, use=support.use_invite):
        db.session.execute(update(Invite).where(Invite.id == invite.id).values(used_at=utcnow()))
        return use(invite)

    monkeypatch.setattr(support, "use_invite", used_by_someone_else_first)
    response = client.post(path)
    assert response.status_code == 409 and refusal(response) == "This invite has just been used."
    assert card(app, robin).member_id is None


def test_an_invite_withdrawn_a_moment_before_cannot_be_used(app, client, people, monkeypatch):
    robin = new_card(app, people["client"])
    path = invite_path(app, robin)
    with app.app_context():
        make_user("mia@example.org", "Mia", is_client=False)
    sign_in_as(client, "mia@example.org")

    def withdrawn_by_the_client_first(invite, use=support.use_invite):
        db.session.execute(update(Invite).where(Invite.id == invite.id).values(withdrawn_at=utcnow()))
        return use(invite)

    monkeypatch.setattr(support, "use_invite", withdrawn_by_the_client_first)
    assert client.post(path).status_code == 409
    assert card(app, robin).member_id is None


def test_the_client_is_told_who_joined_with_a_link_to_their_card(app, client, people):
    robin = new_card(app, people["client"], name="Robin R")
    path = invite_path(app, robin)
    with app.app_context():
        make_user("robin@example.org", "Robin Real", is_client=False)
    sign_in_as(client, "robin@example.org")
    client.post(path)
    with app.app_context():
        notices = db.session.scalars(select(Notification).where(Notification.user_id == people["client"])).all()
        assert [(n.kind, n.text, n.link) for n in notices] == [(
            "invite_accepted", "Robin R accepted your invite and joined your network. They see nothing until you "
            "choose what to share.", f"/network/{robin}")]


def test_the_join_form_asks_a_newcomer_for_a_time_zone_without_promising_a_day_count(app, client, people):
    # Someone joining has no day count of their own, and sees none of the client's until it is shared.
    page = client.get(invite_path(app, new_card(app, people["client"]))).get_data(as_text=True)
    assert 'id="timezone"' in page and "Reminders and the times you see follow this." in page
    assert "day count" not in page
