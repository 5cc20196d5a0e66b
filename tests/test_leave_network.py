"""Leaving a client's network: two taps, access ends at once, the card stays, the client is told."""
from sqlalchemy import func, select

from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Encouragement, Reward, RewardStatus
from tests.deletion_world import build_casey_world, every_row, owned_rows
from tests.network_world import sign_in_as


def leave(client, casey):
    return client.post(f"/support/{casey}/leave")


def test_the_members_page_of_a_client_has_a_way_to_leave(app, client, people):
    casey = people["client"]
    build_casey_world(app, casey)
    sign_in_as(client, "nia@example.org")
    page = client.get(f"/support/{casey}").text
    assert f'href="/support/{casey}/leave"' in page and "Leave Casey Client's network" in page


def test_leaving_asks_first_and_says_what_happens(app, client, people):
    casey = people["client"]
    build_casey_world(app, casey)
    sign_in_as(client, "nia@example.org")
    page = client.get(f"/support/{casey}/leave")
    assert page.status_code == 200 and "Leave Casey Client's support network?" in page.text
    assert f'action="/support/{casey}/leave"' in page.text and "is told you left" in page.text


def test_leaving_ends_access_at_once(app, client, people):
    casey = people["client"]
    build_casey_world(app, casey)
    sign_in_as(client, "mia@example.org")
    response = leave(client, casey)
    assert response.status_code == 303 and response.headers["Location"] == "/support"
    assert "Has dejado la red de apoyo de Casey Client." in client.get("/support").text  # Mia reads Spanish
    assert client.get(f"/support/{casey}").status_code == 404
    assert client.get(f"/support/{casey}/leave").status_code == 404


def test_the_card_stays_on_the_clients_map_without_an_account(app, client, people):
    casey = people["client"]
    world = build_casey_world(app, casey)
    sign_in_as(client, "mia@example.org")
    leave(client, casey)
    with app.app_context():
        card = db.session.get(Contact, world["mia_card"])
        assert (card.client_id, card.name, card.member_id) == (casey, "Mia", None)
        assert db.session.scalars(select(Grant).where(Grant.contact_id == card.id)).all() == []
    sign_in_as(client, "casey@example.org")
    card_page = client.get(f"/network/{world['mia_card']}")
    assert card_page.status_code == 200 and 'action="/network/%d/invite"' % world["mia_card"] in card_page.text


def test_the_client_is_told_neutrally_in_the_clients_language(app, client, people):
    casey = people["client"]
    world = build_casey_world(app, casey)
    sign_in_as(client, "nia@example.org")
    leave(client, casey)
    with app.app_context():
        notice = db.session.scalars(select(Notification).where(Notification.user_id == casey)
                                    .order_by(Notification.id.desc())).first()
    assert (notice.kind, notice.link) == ("member_left", f"/network/{world['nia_card']}")
    assert notice.text == ("Nia left your support network, and the rewards they pledged were withdrawn. "
                           "Their card stays on your map, and you can invite them again.")


def test_a_leaving_members_pending_pledges_are_withdrawn_and_what_they_sent_stays(app, client, people):
    casey = people["client"]
    world = build_casey_world(app, casey)
    sign_in_as(client, "mia@example.org")
    leave(client, casey)
    with app.app_context():
        pledge, unlocked = db.session.get(Reward, world["pledge"]), db.session.get(Reward, world["unlocked"])
        assert pledge.status == RewardStatus.WITHDRAWN and unlocked.status == RewardStatus.UNLOCKED
        message = db.session.scalar(select(Encouragement).where(Encouragement.text == "Proud of you, from Mia"))
        assert message.sender_id == world["mia"]


def test_leaving_touches_only_that_network(app, client, people, second_world):
    casey = people["client"]
    build_casey_world(app, casey)
    with app.app_context():
        olis = owned_rows(second_world["oli"])
        before = every_row()
    sign_in_as(client, "mia@example.org")
    leave(client, casey)
    with app.app_context():
        after = every_row()
    for table, keys in olis.items():
        assert {key: after[table].get(key) for key in keys} == {key: before[table][key] for key in keys}, table


def test_nobody_can_leave_for_someone_else(app, client, people, second_world):
    casey = people["client"]
    world = build_casey_world(app, casey)
    for email in ("casey@example.org", "oli@example.org", "ola@example.org"):
        sign_in_as(client, email)
        assert leave(client, casey).status_code == 404
    with app.app_context():
        assert db.session.get(Contact, world["mia_card"]).member_id == world["mia"]


def test_a_member_who_left_hears_nothing_when_a_gift_they_gave_is_redeemed(app, client, people):
    """A reward given with no milestone (unlocked at once) was followed by its giver; once they
    leave, redeeming it tells them nothing."""
    casey = people["client"]
    world = build_casey_world(app, casey)
    with app.app_context():
        gift = Reward(client_id=casey, giver_id=world["mia"], title="Coffee on me", kind="meal",
                      status=RewardStatus.UNLOCKED)
        db.session.add(gift)
        db.session.commit()
        gift_id = gift.id
    sign_in_as(client, "mia@example.org")
    leave(client, casey)
    with app.app_context():
        told_before = db.session.scalar(select(func.count()).select_from(Notification)
                                        .where(Notification.user_id == world["mia"]))
    sign_in_as(client, "casey@example.org")
    assert client.post(f"/rewards/{gift_id}/redeem").status_code == 303
    with app.app_context():
        assert db.session.get(Reward, gift_id).status == RewardStatus.REDEEMED
        assert db.session.scalar(select(func.count()).select_from(Notification)
                                 .where(Notification.user_id == world["mia"])) == told_before
