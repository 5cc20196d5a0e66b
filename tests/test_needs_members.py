"""Practical needs as the client's network sees them: with the "practical_needs" scope a member
sees every need, and moves along (status and next step) only those they help with; the client is
told, discreetly. Every other member gets a 404 that says nothing. Oli's network, with a need his
member Ola helps with, stands beside Casey's in every test."""
import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.needs.models import Need, NeedHelper, NeedStatus
from recoverynet.network.models import Contact, Grant, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.yourdata.deletion import delete_account
from tests.helpers import make_user
from tests.network_world import add_member, build_oli_network, oli_snapshot, sign_in_as

SCOPE = ("practical_needs",)


@pytest.fixture
def world(app, people):
    """Casey's needs: a flat (Mia, Nia and Rex's cards help) and a course nobody helps with yet.
    Mia holds the scope and helps; Sol holds it and helps with nothing; Nia helps but holds no
    scope; Rex was removed (his card stays, and still helps); Ola is in Oli's network only."""
    casey, oli = people["client"], people["other_client"]
    mia, mia_card = add_member(app, casey, "mia@example.org", "Mia Member", scopes=SCOPE, card_name="Mia",
                               label="risky", notes="PRIVATE-NOTE-ON-MIA")
    sol, sol_card = add_member(app, casey, "sol@example.org", "Sol Member", scopes=SCOPE + ("sober_days",),
                               card_name="Sol")
    nia, nia_card = add_member(app, casey, "nia@example.org", "Nia Member", scopes=("sober_days",), card_name="Nia")
    with app.app_context():
        rex = make_user("rex@example.org", "Rex Member", is_client=False).id
        rex_card = Contact(client_id=casey, name="Rex", relationship="friend")
        db.session.add(rex_card)
        db.session.flush()
        flat = Need(client_id=casey, area="housing", title="Flat", next_step="View the flat",
                    helpers=[NeedHelper(contact_id=card) for card in (mia_card, nia_card, rex_card.id)])
        course = Need(client_id=casey, area="work", title="Course")
        db.session.add_all([flat, course])
        db.session.add(PushSubscription(user_id=casey, endpoint="https://push.example.org/casey", p256dh="key",
                                        auth="secret"))
        db.session.commit()
        ids = {"casey": casey, "oli": oli, "mia": mia, "mia_card": mia_card, "sol": sol, "nia": nia, "rex": rex,
               "flat": flat.id, "course": course.id}
    ids["ola"] = build_oli_network(app, oli)["ola"]
    with app.app_context():
        ids["olis_need"] = db.session.scalar(select(Need.id).where(Need.client_id == oli))
    ids["oli_before"] = oli_snapshot(app, oli)
    return ids


def update_flat(client, world, **fields):
    form = {"status": "in_progress", "next_step": "Sign the lease", "next_step_on": "2026-05-01"} | fields
    return client.post(f"/support/{world['casey']}/needs/{world['flat']}", data=form)


def flat(app, world) -> Need:
    with app.app_context():
        need = db.session.get(Need, world["flat"])
        db.session.expunge(need)
        return need


# Who gets what: (the needs page, the flat's update form, saving the flat).
ROLES = {
    "mia@example.org": (200, 200, 303),  # the helping member
    "sol@example.org": (200, 404, 404),  # a member with the scope who isn't helping
    "nia@example.org": (404, 404, 404),  # a member without the scope (her card helps)
    "rex@example.org": (404, 404, 404),  # a removed member (his card helps)
    "ola@example.org": (404, 404, 404),  # another network's member
    "oli@example.org": (404, 404, 404),  # another client
}


@pytest.mark.parametrize("email", ROLES)
def test_each_role_reaches_the_needs_as_the_scope_and_helping_allow(app, client, world, email):
    sign_in_as(client, email)
    base = f"/support/{world['casey']}/needs"
    answers = (client.get(base).status_code, client.get(f"{base}/{world['flat']}").status_code,
               update_flat(client, world).status_code)
    assert answers == ROLES[email]
    assert (flat(app, world).status == NeedStatus.IN_PROGRESS) == (email == "mia@example.org")
    assert oli_snapshot(app, world["oli"]) == world["oli_before"]


@pytest.mark.parametrize("email", ["sol@example.org", "nia@example.org", "rex@example.org", "ola@example.org"])
def test_a_refusal_says_nothing_a_missing_need_would_not(app, client, world, email):
    sign_in_as(client, email)
    client.get("/")  # the first page after signing in carries a one-off marker
    base = f"/support/{world['casey']}/needs"
    refused = client.get(f"{base}/{world['flat']}")
    missing = client.get(f"{base}/999999")
    assert refused.status_code == missing.status_code == 404 and refused.text == missing.text
    assert "Flat" not in refused.text and "Casey" not in refused.text


def test_a_member_with_the_scope_sees_every_need_and_may_update_only_their_own(app, client, world):
    sign_in_as(client, "sol@example.org")
    page = client.get(f"/support/{world['casey']}/needs").text
    assert "Flat" in page and "Course" in page and "View the flat" in page and "Mia, Nia, Rex" in page
    assert f'href="/support/{world["casey"]}/needs/{world["flat"]}"' not in page and ">Update</a>" not in page
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{world['casey']}/needs").text
    assert f'href="/support/{world["casey"]}/needs/{world["flat"]}"' in page
    assert f'href="/support/{world["casey"]}/needs/{world["course"]}"' not in page


def test_a_sorted_need_links_only_for_a_member_who_helped_with_it(app, client, world):
    with app.app_context():
        for need_id in (world["flat"], world["course"]):
            db.session.get(Need, need_id).status = NeedStatus.SORTED
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{world['casey']}/needs").text
    assert f'<li id="need-{world["flat"]}"><a href="/support/{world["casey"]}/needs/{world["flat"]}">Flat</a>' in page
    assert f'<li id="need-{world["course"]}"><strong>Course</strong>' in page
    sign_in_as(client, "sol@example.org")
    page = client.get(f"/support/{world['casey']}/needs").text
    assert f'<li id="need-{world["flat"]}"><strong>Flat</strong>' in page


def test_a_member_never_sees_the_clients_private_label_or_notes_on_a_card(app, client, world):
    sign_in_as(client, "mia@example.org")
    for url in (f"/support/{world['casey']}/needs", f"/support/{world['casey']}/needs/{world['flat']}"):
        page = client.get(url).text
        assert "PRIVATE-NOTE-ON-MIA" not in page and "Risky" not in page and "risky" not in page
        assert "OLI-NEED-TITLE" not in page


def test_viewing_the_needs_is_recorded_in_who_saw_what(app, client, world):
    sign_in_as(client, "sol@example.org")
    client.get(f"/support/{world['casey']}/needs")
    sign_in_as(client, "mia@example.org")
    client.get(f"/support/{world['casey']}/needs/{world['flat']}")
    with app.app_context():
        seen = db.session.execute(select(ViewRecord.member_id, ViewRecord.scope, ViewRecord.shown)
                                  .where(ViewRecord.client_id == world["casey"]).order_by(ViewRecord.id)).all()
    assert [tuple(row) for row in seen] == [(world["sol"], "practical_needs", "Practical needs: 2 open"),
                                           (world["mia"], "practical_needs", "Practical need: Flat")]
    sign_in_as(client, "casey@example.org")
    audit = client.get("/network/views").text
    assert "Practical needs: 2 open" in audit and "Practical need: Flat" in audit


def test_the_helper_moves_the_need_along_and_who_and_when_are_kept(app, client, world):
    sign_in_as(client, "mia@example.org")
    response = update_flat(client, world)
    assert response.status_code == 303 and response.headers["Location"] == f"/support/{world['casey']}/needs"
    saved = flat(app, world)
    assert (saved.status, saved.next_step, saved.next_step_on.isoformat(), saved.updated_by_id) == (
        NeedStatus.IN_PROGRESS, "Sign the lease", "2026-05-01", world["mia"])
    assert "Saved. Casey Client is told." in client.get(f"/support/{world['casey']}/needs").text
    sign_in_as(client, "casey@example.org")
    assert "Last changed by Mia on" in client.get("/needs").text


def test_a_helper_cannot_change_the_title_area_or_who_helps(app, client, world):
    sign_in_as(client, "mia@example.org")
    update_flat(client, world, title="Mansion", area="legal", helpers=[str(world["mia_card"])])
    saved = flat(app, world)
    assert (saved.title, saved.area, len(saved.helpers)) == ("Flat", "housing", 3)


def test_the_client_is_told_by_the_name_on_their_own_map(app, client, world):
    sign_in_as(client, "mia@example.org")
    update_flat(client, world)
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.user_id == world["casey"])).all()
        assert [(note.kind, note.text, note.link) for note in told] == [
            ("need_updated", "Mia updated “Flat”: Being worked on.", f"/needs#need-{world['flat']}")]


def test_the_clients_lock_screen_says_nothing_of_the_need(app, client, world):
    sign_in_as(client, "mia@example.org")
    update_flat(client, world)
    with app.app_context():
        [push] = db.session.scalars(select(Delivery).where(Delivery.user_id == world["casey"])).all()
        assert "Flat" not in push.payload and "Mia" not in push.payload and "lease" not in push.payload


def test_the_client_is_told_in_the_clients_language(app, client, world):
    with app.app_context():
        db.session.get(User, world["casey"]).language = "es"
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    client.post("/account/language", data={"language": "en"})
    update_flat(client, world)
    with app.app_context():
        [push] = db.session.scalars(select(Delivery).where(Delivery.user_id == world["casey"])).all()
        assert "Tienes un mensaje nuevo" in push.payload  # the discreet words, in Casey's Spanish


def test_saving_nothing_new_tells_nobody(app, client, world):
    sign_in_as(client, "mia@example.org")
    response = update_flat(client, world, status="not_started", next_step="View the flat", next_step_on="")
    assert response.status_code == 303
    assert "Nothing had changed, so nothing was sent." in client.get(f"/support/{world['casey']}/needs").text
    with app.app_context():
        assert db.session.scalars(select(Notification).where(Notification.user_id == world["casey"])).all() == []
    assert flat(app, world).updated_by_id is None


def test_a_helpers_bad_date_is_shown_beside_the_field_and_nothing_typed_is_lost(app, client, world):
    sign_in_as(client, "mia@example.org")
    response = update_flat(client, world, next_step="Ring the agent", next_step_on="soon")
    assert response.status_code == 422
    assert '<p class="field-error" id="next_step_on-error">Please enter a date like 2024-03-31.</p>' in response.text
    assert ">Ring the agent</textarea>" in response.text and 'value="soon"' in response.text
    assert 'value="in_progress" checked' in response.text
    assert flat(app, world).next_step == "View the flat"


def test_the_members_page_of_the_client_links_to_the_needs_only_with_the_scope(app, client, world):
    link = f'href="/support/{world["casey"]}/needs"'
    sign_in_as(client, "sol@example.org")
    assert link in client.get(f"/support/{world['casey']}").text
    sign_in_as(client, "nia@example.org")
    assert link not in client.get(f"/support/{world['casey']}").text


def test_a_member_who_loses_the_scope_loses_the_page_at_once(app, client, world):
    sign_in_as(client, "mia@example.org")
    assert client.get(f"/support/{world['casey']}/needs").status_code == 200
    with app.app_context():
        db.session.execute(Grant.__table__.delete().where(Grant.contact_id == world["mia_card"]))
        db.session.commit()
    assert client.get(f"/support/{world['casey']}/needs").status_code == 404
    assert update_flat(client, world).status_code == 404


def test_a_deleted_member_stops_helping_and_the_need_stays(app, client, world):
    sign_in_as(client, "mia@example.org")
    update_flat(client, world)
    with app.app_context():
        delete_account(db.session.get(User, world["mia"]))
        db.session.commit()
    saved = flat(app, world)
    assert (saved.title, saved.status, saved.updated_by_id) == ("Flat", NeedStatus.IN_PROGRESS, None)
    with app.app_context():
        assert world["mia_card"] not in db.session.get(Need, world["flat"]).helper_ids
        assert db.session.get(Contact, world["mia_card"]) is not None  # the card stays on Casey's map
    sign_in_as(client, "casey@example.org")
    page = client.get("/needs").text
    assert "Nia, Rex" in page and "Last changed on" in page
