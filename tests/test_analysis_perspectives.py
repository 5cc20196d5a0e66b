"""Looking back together: the client asks members with the "relapse_analysis" scope for their own
view; each writes beside the client's account, never in it, until the client closes it. Tried as
an attacker would: a member without the scope, one not asked, one of the OTHER client's network,
a member writing into the client's text or another member's view, and after closing."""
import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.push.models import Delivery, PushSubscription
from tests.network_world import add_member, sign_in_as

SCOPE = "relapse_analysis"


@pytest.fixture
def looking_back(app, people, second_world):
    """Casey looks back at 10 January; Mia (Spanish) and Jo have the scope, Nia doesn't. Oli's
    network stands beside it: Ola has every scope there, and Oli looks back at a day of their own."""
    casey, oli = people["client"], people["other_client"]
    mia, mia_card = _member(app, casey, "mia", "es")
    jo, _ = _member(app, casey, "jo", "en")
    nia, _ = add_member(app, casey, "nia@example.org", "Nia Member", scopes=("sober_days",))
    with app.app_context():
        mine = Analysis(client_id=casey, looked_at=date(2026, 1, 10), situation="CASEY-SITUATION",
                        chain="Got paid\nWalked past the pub")
        olis = Analysis(client_id=oli, looked_at=date(2026, 1, 3), situation="OLI-ANALYSIS-SECRET")
        db.session.add_all([mine, olis])
        db.session.flush()
        db.session.add(Perspective(analysis_id=olis.id, member_id=second_world["ola"], situation="OLA-VIEW"))
        db.session.commit()
        ids = {"analysis": mine.id, "olis": olis.id}
    return {"casey": casey, "oli": oli, "mia": mia, "mia_card": mia_card, "jo": jo, "nia": nia,
            "ola": second_world["ola"], **ids}


def _member(app, client_id, name, language):
    member_id, card_id = add_member(app, client_id, f"{name}@example.org", f"{name.title()} Member",
                                    scopes=(SCOPE,), card_name=name.title())
    with app.app_context():
        from recoverynet.auth.models import User
        db.session.get(User, member_id).language = language
        db.session.commit()
    return member_id, card_id


def ask(client, world, *members, see_each_other=False):
    form = {"members": [str(m) for m in members]}
    if see_each_other:
        form["see_each_other"] = "on"
    sign_in_as(client, "casey@example.org")
    return client.post(f"/analysis/{world['analysis']}/ask", data=form)


def member_page(world, client_id=None, analysis_id=None):
    return f"/support/{client_id or world['casey']}/looking-back/{analysis_id or world['analysis']}"


def views(app, analysis_id) -> dict:
    with app.app_context():
        return {view.member_id: view.situation for view in db.session.scalars(
            select(Perspective).where(Perspective.analysis_id == analysis_id))}


# ---- Asking ----

def test_asking_a_member_with_the_scope_creates_their_empty_view(app, client, looking_back):
    assert ask(client, looking_back, looking_back["mia"]).status_code == 303
    assert views(app, looking_back["analysis"]) == {looking_back["mia"]: ""}


def test_a_member_without_the_scope_cannot_be_asked(app, client, looking_back):
    ask(client, looking_back, looking_back["nia"])
    assert views(app, looking_back["analysis"]) == {}


def test_a_member_of_the_other_clients_network_cannot_be_asked(app, client, looking_back):
    ask(client, looking_back, looking_back["ola"])
    assert views(app, looking_back["analysis"]) == {}


def test_the_member_asked_is_told_in_their_own_language_and_discreetly(app, client, looking_back):
    with app.app_context():
        db.session.add(PushSubscription(user_id=looking_back["mia"], endpoint="https://push.example.org/mia",
                                        p256dh="k", auth="a"))
        db.session.commit()
    ask(client, looking_back, looking_back["mia"])
    with app.app_context():
        told = db.session.scalar(select(Notification).where(Notification.user_id == looking_back["mia"]))
        assert told.kind == "analysis_asked" and told.link == member_page(looking_back)
        assert "10 de enero de 2026" in told.text  # composed in Mia's language (the date needs no catalog)
        push = db.session.scalar(select(Delivery).where(Delivery.user_id == looking_back["mia"]))
        lock_screen = json.loads(push.payload)
        assert "Casey" not in lock_screen["body"] and "Casey" not in lock_screen["title"]


def test_asking_again_tells_nobody_twice(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    ask(client, looking_back, looking_back["mia"])
    with app.app_context():
        assert len(db.session.scalars(select(Notification).where(
            Notification.user_id == looking_back["mia"])).all()) == 1


def test_a_member_not_asked_is_told_nothing_and_sees_nothing(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "jo@example.org")
    assert client.get(member_page(looking_back)).status_code == 404
    page = client.get(f"/support/{looking_back['casey']}").get_data(as_text=True)
    assert "Looking back" not in page
    with app.app_context():
        assert db.session.scalars(select(Notification).where(Notification.user_id == looking_back["jo"])).all() == []


def test_another_clients_analysis_cannot_be_asked_about(app, client, looking_back):
    sign_in_as(client, "casey@example.org")
    assert client.post(f"/analysis/{looking_back['olis']}/ask",
                       data={"members": [str(looking_back["mia"])]}).status_code == 404
    assert views(app, looking_back["olis"]) == {looking_back["ola"]: "OLA-VIEW"}


# ---- A member's own view ----

def test_the_member_asked_reads_the_clients_account_and_the_visit_is_recorded(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    page = client.get(member_page(looking_back)).get_data(as_text=True)
    assert "CASEY-SITUATION" in page and "Walked past the pub" in page
    assert "OLI-ANALYSIS-SECRET" not in page
    with app.app_context():
        seen = db.session.scalar(select(ViewRecord).where(ViewRecord.member_id == looking_back["mia"]))
        assert (seen.client_id, seen.scope) == (looking_back["casey"], SCOPE)
        assert seen.shown == "Looking back at January 10, 2026"  # in Casey's language, for Casey's audit


def test_a_members_view_is_written_beside_the_clients_never_in_it(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    response = client.post(member_page(looking_back), data={"situation": "MIA-SAW-THIS", "step": ["A call"]})
    assert response.status_code == 303
    assert views(app, looking_back["analysis"]) == {looking_back["mia"]: "MIA-SAW-THIS"}
    with app.app_context():
        assert db.session.get(Analysis, looking_back["analysis"]).situation == "CASEY-SITUATION"


def test_a_member_cannot_post_into_the_clients_own_steps(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    assert client.post(f"/analysis/{looking_back['analysis']}/before",
                       data={"situation": "MIA-OVERWROTE"}).status_code == 404
    with app.app_context():
        assert db.session.get(Analysis, looking_back["analysis"]).situation == "CASEY-SITUATION"


def test_a_member_can_only_ever_write_their_own_view(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"], looking_back["jo"])
    sign_in_as(client, "jo@example.org")
    client.post(member_page(looking_back), data={"situation": "JO-VIEW"})
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "MIA-VIEW", "perspective_id": "999",
                                                 "member_id": str(looking_back["jo"])})
    assert views(app, looking_back["analysis"]) == {looking_back["mia"]: "MIA-VIEW", looking_back["jo"]: "JO-VIEW"}


def test_the_client_is_told_once_when_a_view_is_added(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "first"})
    client.post(member_page(looking_back), data={"situation": "changed"})
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.user_id == looking_back["casey"],
                                                             Notification.kind == "analysis_view")).all()
        assert [n.text for n in told] == ["Mia added their view to your looking back at January 10, 2026."]


def test_the_client_reads_each_view_beside_their_own(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "MIA-VIEW"})
    sign_in_as(client, "casey@example.org")
    page = client.get(f"/analysis/{looking_back['analysis']}").get_data(as_text=True)
    assert "Mia's view" in page and "MIA-VIEW" in page and "CASEY-SITUATION" in page


def test_an_empty_view_saved_tells_nobody(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": ""})
    with app.app_context():
        assert db.session.scalars(select(Notification).where(Notification.user_id == looking_back["casey"])).all() == []


def test_a_refused_view_keeps_every_word_typed(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    response = client.post(member_page(looking_back), data={"situation": "y" * 2001, "after": "KEEP-THIS"})
    assert response.status_code == 422
    assert "KEEP-THIS" in response.get_data(as_text=True)


# ---- Who sees whose view ----

def test_members_do_not_see_each_others_views_unless_the_client_chooses(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"], looking_back["jo"])
    sign_in_as(client, "jo@example.org")
    client.post(member_page(looking_back), data={"situation": "JO-VIEW"})
    sign_in_as(client, "mia@example.org")
    assert "JO-VIEW" not in client.get(member_page(looking_back)).get_data(as_text=True)
    ask(client, looking_back, see_each_other=True)
    sign_in_as(client, "mia@example.org")
    assert "JO-VIEW" in client.get(member_page(looking_back)).get_data(as_text=True)


# ---- Attackers ----

def test_a_member_without_the_scope_gets_a_404_even_if_once_asked(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    with app.app_context():
        db.session.execute(Grant.__table__.delete().where(Grant.contact_id == looking_back["mia_card"]))
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    assert client.get(member_page(looking_back)).status_code == 404
    assert client.post(member_page(looking_back), data={"situation": "still here"}).status_code == 404
    assert "Looking back" not in client.get(f"/support/{looking_back['casey']}").get_data(as_text=True)
    assert views(app, looking_back["analysis"]) == {looking_back["mia"]: ""}


def test_a_removed_member_gets_a_404(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    with app.app_context():
        card = db.session.get(Contact, looking_back["mia_card"])
        card.member_id = None
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    assert client.get(member_page(looking_back)).status_code == 404


def test_the_other_clients_member_cannot_reach_caseys_analysis_by_any_address(app, client, looking_back):
    sign_in_as(client, "ola@example.org")
    for path in (member_page(looking_back), member_page(looking_back, client_id=looking_back["oli"]),
                 f"/analysis/{looking_back['analysis']}"):
        assert client.get(path).status_code == 404, path
    assert client.post(member_page(looking_back, client_id=looking_back["oli"]),
                       data={"situation": "OLA-WAS-HERE"}).status_code == 404
    assert views(app, looking_back["analysis"]) == {}


def test_a_member_asked_by_casey_cannot_reach_olis_analysis(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    assert client.get(member_page(looking_back, analysis_id=looking_back["olis"])).status_code == 404
    assert client.get(member_page(looking_back, client_id=looking_back["oli"],
                                  analysis_id=looking_back["olis"])).status_code == 404


def test_after_closing_a_members_view_cannot_change_and_the_text_is_kept(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "before closing"})
    sign_in_as(client, "casey@example.org")
    client.post(f"/analysis/{looking_back['analysis']}/close")
    sign_in_as(client, "mia@example.org")
    response = client.post(member_page(looking_back), data={"situation": "after closing"})
    assert response.status_code == 409
    assert "after closing" in response.get_data(as_text=True)
    assert views(app, looking_back["analysis"]) == {looking_back["mia"]: "before closing"}
    assert "before closing" in client.get(member_page(looking_back)).get_data(as_text=True)


def test_a_members_support_page_lists_only_what_they_were_asked(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{looking_back['casey']}").get_data(as_text=True)
    assert member_page(looking_back) in page


def test_a_members_support_page_lists_the_newest_five_they_were_asked(app, client, looking_back):
    with app.app_context():
        for day in range(1, 8):
            earlier = Analysis(client_id=looking_back["casey"], looked_at=date(2025, 6, day))
            db.session.add(earlier)
            db.session.flush()
            db.session.add(Perspective(analysis_id=earlier.id, member_id=looking_back["mia"]))
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{looking_back['casey']}").get_data(as_text=True)
    assert page.count("/looking-back/") == 5
    assert "junio de 2025" in page and "7 de junio de 2025" in page and "2 de junio de 2025" not in page


# ---- Deleting and exporting ----

def delete_account(client, email):
    sign_in_as(client, email)
    assert client.post("/settings/delete", data={"password": "correct horse battery"}).status_code == 303


def test_a_deleted_members_written_view_stays_from_a_former_member(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"], looking_back["jo"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "MIA-VIEW"})
    delete_account(client, "mia@example.org")
    delete_account(client, "jo@example.org")
    assert views(app, looking_back["analysis"]) == {None: "MIA-VIEW"}  # Jo's unanswered request went
    sign_in_as(client, "casey@example.org")
    page = client.get(f"/analysis/{looking_back['analysis']}").get_data(as_text=True)
    assert "A former member's view" in page and "MIA-VIEW" in page


def test_a_deleted_clients_analyses_views_and_the_notices_about_them_go(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "MIA-VIEW"})
    delete_account(client, "casey@example.org")
    with app.app_context():
        assert db.session.scalars(select(Analysis.client_id)).all() == [looking_back["oli"]]
        assert db.session.scalars(select(Perspective.member_id)).all() == [looking_back["ola"]]
        assert db.session.scalars(select(Notification).where(Notification.user_id == looking_back["mia"])).all() == []


def test_deleting_one_analysis_takes_the_views_and_the_notices_with_it(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    assert client.post(f"/analysis/{looking_back['analysis']}/delete").status_code == 303
    assert views(app, looking_back["analysis"]) == {}
    with app.app_context():
        assert db.session.scalars(select(Notification).where(Notification.user_id == looking_back["mia"])).all() == []


def export(client, email) -> dict:
    sign_in_as(client, email)
    response = client.post("/settings/data/download")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return json.loads(archive.read("data.json"))


def test_the_clients_export_holds_their_analyses_and_no_members_view(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "MIA-VIEW"})
    data = export(client, "casey@example.org")
    assert [(a["looked_at"], a["situation"], a["chain"]) for a in data["analyses"]] == [
        ("2026-01-10", "CASEY-SITUATION", ["Got paid", "Walked past the pub"])]
    assert data["perspectives_written"] == []
    assert "MIA-VIEW" not in json.dumps(data) and "OLI-ANALYSIS-SECRET" not in json.dumps(data)


def test_a_members_export_holds_what_they_wrote_and_nothing_of_the_clients_account(app, client, looking_back):
    ask(client, looking_back, looking_back["mia"])
    sign_in_as(client, "mia@example.org")
    client.post(member_page(looking_back), data={"situation": "MIA-VIEW", "step": ["A call"]})
    data = export(client, "mia@example.org")
    assert [(p["client_name"], p["looked_at"], p["situation"], p["chain"]) for p in data["perspectives_written"]] == [
        ("Casey Client", "2026-01-10", "MIA-VIEW", ["A call"])]
    assert data["analyses"] == [] and "CASEY-SITUATION" not in json.dumps(data)
