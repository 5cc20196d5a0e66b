"""Lists and records the network reads from the database (network/access.py, network/contacts.py):
their order, what each form page is given, and the audit record's length."""
from datetime import timedelta

from flask import g
from flask_login import login_user
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.network.access import brought_with_card, record_views, supported_clients
from recoverynet.network.models import Contact, ViewRecord
from recoverynet.timeutil import utcnow
from tests.helpers import make_user
from tests.network_world import sign_in_as


def test_the_people_you_support_are_listed_in_the_order_you_joined_them(app, people):
    with app.app_context():
        mia = make_user("mia@example.org", "Mia", is_client=False)
        # Oli's card was written first, but Mia joined Casey's network a day earlier.
        db.session.add_all([
            Contact(client_id=people["other_client"], name="Mia", member_id=mia.id, joined_at=utcnow()),
            Contact(client_id=people["client"], name="Mia", member_id=mia.id, joined_at=utcnow() - timedelta(days=1)),
        ])
        db.session.commit()
        assert [client.display_name for _, client in supported_clients(mia)] == ["Casey Client", "Oli Other"]


def test_the_map_lists_people_by_name(app, client, auth, people):
    auth.login()
    for name in ("Robin", "Ali", "Pat"):
        client.post("/network", data={"name": name, "relationship": "friend", "circle": "outer"})
    body = client.get("/network").get_data(as_text=True)
    assert body.index("<strong>Ali</strong>") < body.index("<strong>Pat</strong>") < body.index("<strong>Robin</strong>")


def test_what_a_member_was_shown_is_recorded_in_at_most_200_characters(app, people):
    with app.app_context():
        mia = make_user("mia@example.org", "Mia", is_client=False)
        with app.test_request_context():
            login_user(mia)
            record_views(people["client"], {"sober_days": "x" * 250})
            db.session.commit()
        [record] = db.session.scalars(select(ViewRecord)).all()
        assert (record.member_id, record.scope, record.shown) == (mia.id, "sober_days", "x" * 200)


def test_a_new_card_form_names_every_relationship(client, auth, people):
    auth.login()
    response = client.get("/network/new")
    assert response.status_code == 200
    assert '<option value="peer coach">Peer coach</option>' in response.text


def test_a_card_being_edited_is_shown_as_it_is_and_saved_to_itself(app, client, auth, people):
    auth.login()
    client.post("/network", data={"name": "Robin", "relationship": "sponsor", "circle": "inner"})
    with app.app_context():
        card_id = db.session.scalar(select(Contact.id))
    response = client.get(f"/network/{card_id}/edit")
    assert response.status_code == 200
    assert f'action="/network/{card_id}"' in response.text and 'value="Robin"' in response.text
    assert '<option value="sponsor" selected>Sponsor</option>' in response.text


def test_a_bad_edit_keeps_the_card_it_belongs_to(app, client, auth, people):
    auth.login()
    client.post("/network", data={"name": "Robin", "relationship": "sponsor", "circle": "inner"})
    with app.app_context():
        card_id = db.session.scalar(select(Contact.id))
    response = client.post(f"/network/{card_id}", data={"name": "", "relationship": "sponsor", "circle": "inner"})
    assert response.status_code == 422 and f'action="/network/{card_id}"' in response.text
    with app.app_context():
        assert db.session.get(Contact, card_id).name == "Robin"


def test_a_giver_who_follows_another_clients_days_still_cannot_follow_this_ones(app, client, people):
    """Nia sees Oli's sober days but not Casey's: her accepted offer to Casey never shows its unlock."""
    from recoverynet.network.models import Grant
    from recoverynet.rewards.models import Reward
    with app.app_context():
        nia = make_user("nia@example.org", "Nia", is_client=False)
        oli_card = Contact(client_id=people["other_client"], name="Nia", member_id=nia.id, joined_at=utcnow())
        oli_card.grants = [Grant(scope="sober_days")]
        db.session.add(oli_card)  # first: a lookup that forgot the client would find this card
        db.session.add(Contact(client_id=people["client"], name="Nia", member_id=nia.id, joined_at=utcnow()))
        reward = Reward(client_id=people["client"], giver_id=nia.id, title="Cinema", milestone_kind="sober_days",
                        milestone_target=30, status="unlocked", accepted_at=utcnow(), unlocked_at=utcnow())
        db.session.add(reward)
        db.session.commit()
        reward_id = reward.id
    sign_in_as(client, "nia@example.org")
    body = client.get(f"/rewards/{reward_id}").text
    assert "Casey Client accepted it on" in body and "Unlocked" not in body


def test_a_part_asked_for_outside_a_members_page_is_looked_up_itself(app):
    """brought_with_card answers from what the member's page brought along with the card, and a
    part shown anywhere else (nothing brought, or not this) asks its own question."""
    with app.test_request_context():
        assert brought_with_card("medication_schedules", lambda: ["looked up"]) == ["looked up"]
        g.brought_with_card = {"has_prevention_plan": False}
        assert brought_with_card("has_prevention_plan", lambda: True) is False
        assert brought_with_card("medication_schedules", lambda: ["looked up"]) == ["looked up"]


def test_who_saw_what_groups_by_the_clients_own_day_with_parts_in_the_order_of_the_scopes():
    """11:30 UTC on 31 March is already 1 April in Auckland; the newest visit (the mood) comes
    first, but the day's lines follow the scopes' order (sober days before mood)."""
    from datetime import datetime, timezone

    from recoverynet.network.access import views_by_day
    moment = datetime(2026, 3, 31, 11, 30, tzinfo=timezone.utc)
    records = [ViewRecord(client_id=1, member_id=7, scope="mood_summary", shown="Mood", viewed_at=moment),
               ViewRecord(client_id=1, member_id=7, scope="sober_days", shown="Days", viewed_at=moment),
               ViewRecord(client_id=1, member_id=7, scope="mood_summary", shown="Mood", viewed_at=moment)]
    [(day, lines)] = views_by_day(records, "Pacific/Auckland")
    assert day.isoformat() == "2026-04-01"
    assert [(line.scope, line.times) for line in lines] == [("sober_days", 1), ("mood_summary", 2)]


def test_who_saw_what_lists_a_part_no_longer_offered_after_the_others_of_its_day():
    """A record of a part since retired (or a name from an older version) stays in the client's
    audit, after the parts offered today, never breaking the page."""
    from datetime import datetime, timezone

    from recoverynet.network.access import views_by_day
    moment = datetime(2026, 3, 31, 11, 30, tzinfo=timezone.utc)
    records = [ViewRecord(client_id=1, member_id=7, scope="retired_part", shown="Old part", viewed_at=moment),
               ViewRecord(client_id=1, member_id=7, scope="mood_summary", shown="Mood", viewed_at=moment),
               ViewRecord(client_id=1, member_id=7, scope="another_retired_part", shown="Older", viewed_at=moment)]
    [(_, lines)] = views_by_day(records, "UTC")
    assert [line.scope for line in lines] == ["mood_summary", "retired_part", "another_retired_part"]


def test_the_members_a_client_chooses_from_are_listed_in_the_order_they_joined_the_map(app, people):
    """Said in the statement: SQLite happens to give the cards in the order they were made,
    PostgreSQL promises no order."""
    from recoverynet.network.access import members_with_scope
    from tests.helpers import counted_queries
    from tests.network_world import add_member
    first, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=("checkins",))
    second, _ = add_member(app, people["client"], "jo@example.org", "Jo", scopes=("checkins",))
    with counted_queries(app) as statements, app.app_context():
        assert [member.id for member in members_with_scope(people["client"], "checkins")] == [first, second]
    assert statements[-1].rstrip().endswith("ORDER BY contact.id")
