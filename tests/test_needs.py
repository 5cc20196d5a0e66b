"""Practical needs, the client's side: recording needs with their area, status, helpers and next
step; the list, Home's short block and the open-needs seam; bad input; export and deletion.
Oli, another client with a need of his own, stands beside Casey in every test."""
import io
import json
import zipfile
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.needs.models import Need, NeedHelper, NeedStatus
from recoverynet.needs.queries import open_needs
from recoverynet.network.models import Contact
from recoverynet.yourdata.deletion import delete_account
from tests.network_world import add_member, sign_in_as


@pytest.fixture
def casey(app, people):
    """Casey with two cards on her map (Jo has an account; Pat, the housing officer, has none);
    Oli has a need of his own, which no page of Casey's shows."""
    jo, jo_card = add_member(app, people["client"], "jo@example.org", "Jo Member", scopes=("practical_needs",),
                             card_name="Jo", notes="PRIVATE-NOTE-ON-JO")
    with app.app_context():
        pat = Contact(client_id=people["client"], name="Pat Housing Officer", relationship="other")
        db.session.add(pat)
        db.session.add(Need(client_id=people["other_client"], area="housing", title="Oli's own flat"))
        db.session.commit()
        return {"id": people["client"], "oli": people["other_client"], "jo": jo, "jo_card": jo_card,
                "pat_card": pat.id}


def add_need(client, casey, **fields):
    form = {"area": "housing", "title": "Find a flat", "status": "not_started", "next_step": "",
            "next_step_on": ""} | fields
    return client.post("/needs", data=form)


def needs_of(app, client_id):
    with app.app_context():
        needs = db.session.scalars(select(Need).where(Need.client_id == client_id).order_by(Need.id)).all()
        db.session.expunge_all()
        return needs


def test_a_client_records_a_need_with_its_area_status_helpers_and_next_step(app, client, casey):
    sign_in_as(client, "casey@example.org")
    response = add_need(client, casey, status="in_progress", helpers=[str(casey["jo_card"]), str(casey["pat_card"])],
                        next_step="Call the housing office", next_step_on="2026-03-03")
    assert response.status_code == 303 and response.headers["Location"] == "/needs"
    [need] = needs_of(app, casey["id"])
    assert (need.area, need.title, need.status, need.next_step, need.next_step_on) == (
        "housing", "Find a flat", NeedStatus.IN_PROGRESS, "Call the housing office", date(2026, 3, 3))
    assert need.updated_by_id == casey["id"]
    with app.app_context():
        assert set(db.session.scalars(select(NeedHelper.contact_id))) == {casey["jo_card"], casey["pat_card"]}
    page = client.get("/needs").text
    assert "Find a flat" in page and "Being worked on" in page and "Jo, Pat Housing Officer" in page
    assert "Call the housing office" in page and "Last changed by you" in page


def test_one_area_holds_several_needs_each_with_its_own_title(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, area="money", title="Sort out benefits")
    add_need(client, casey, area="money", title="Pay back the loan")
    assert [need.title for need in needs_of(app, casey["id"])] == ["Sort out benefits", "Pay back the loan"]


def test_a_need_without_a_title_is_called_by_its_area(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, area="childcare", title="")
    assert "<h3" in (page := client.get("/needs").text) and ">Childcare</h3>" in page


def test_the_list_shows_open_needs_before_sorted_ones(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, area="housing", title="Old flat issue", status="sorted")
    add_need(client, casey, area="legal", title="Court date")
    page = client.get("/needs").text
    assert page.index("Court date") < page.index("Sorted</h2>") < page.index("Old flat issue")


def test_a_need_asks_what_it_is_about_and_keeps_what_was_typed(app, client, casey):
    sign_in_as(client, "casey@example.org")
    response = add_need(client, casey, area="", title="Something with the car", next_step="Ring the garage",
                        helpers=[str(casey["pat_card"])])
    assert response.status_code == 422
    page = response.text
    assert 'id="area-error"' in page and "Please choose what this is about." in page
    assert 'value="Something with the car"' in page and ">Ring the garage</textarea>" in page
    assert f'value="{casey["pat_card"]}" checked' in page and 'class="error-summary"' in page
    assert needs_of(app, casey["id"]) == []


@pytest.mark.parametrize(("field", "value", "message"), [
    ("next_step_on", "next Tuesday", "Please enter a date like 2024-03-31."),
    ("title", "x" * 121, "Please keep this under 120 characters."),
    ("next_step", "y" * 301, "Please keep this under 300 characters."),
    ("status", "finished", "Please choose where this stands."),
])
def test_bad_input_gets_a_message_beside_its_field(app, client, casey, field, value, message):
    sign_in_as(client, "casey@example.org")
    response = add_need(client, casey, **({"next_step": "Call"} | {field: value}))
    assert response.status_code == 422
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in response.text
    assert needs_of(app, casey["id"]) == []


def test_a_date_without_a_next_step_asks_for_the_step(app, client, casey):
    sign_in_as(client, "casey@example.org")
    response = add_need(client, casey, next_step="", next_step_on="2026-04-01")
    assert response.status_code == 422 and "Please write what the next step is, or clear its date." in response.text
    assert 'value="2026-04-01"' in response.text


def test_a_card_from_another_clients_map_cannot_help(app, client, casey):
    with app.app_context():
        olis_card = Contact(client_id=casey["oli"], name="Oli's friend", relationship="friend")
        db.session.add(olis_card)
        db.session.commit()
        olis_card_id = olis_card.id
    sign_in_as(client, "casey@example.org")
    response = add_need(client, casey, helpers=[str(olis_card_id)])
    assert response.status_code == 422 and "Someone you chose is no longer on your map." in response.text
    assert "Oli&#39;s friend" not in response.text and needs_of(app, casey["id"]) == []


def test_changing_a_need_changes_its_helpers_and_keeps_the_rest(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, helpers=[str(casey["jo_card"])], next_step="Call")
    [need] = needs_of(app, casey["id"])
    form = client.get(f"/needs/{need.id}/edit").text
    assert 'value="Find a flat"' in form and f'value="{casey["jo_card"]}" checked' in form
    response = client.post(f"/needs/{need.id}", data={"area": "housing", "title": "Find a flat", "status": "sorted",
                                                      "helpers": [str(casey["pat_card"])], "next_step": "Call"})
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.get(Need, need.id)
        assert saved.status == NeedStatus.SORTED and saved.helper_ids == {casey["pat_card"]}


def test_deleting_a_need_asks_first_then_takes_it_and_its_helpers(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, helpers=[str(casey["jo_card"])])
    [need] = needs_of(app, casey["id"])
    assert "Delete “Find a flat”?" in client.get(f"/needs/{need.id}/delete").text
    assert needs_of(app, casey["id"]) != []
    assert client.post(f"/needs/{need.id}/delete").status_code == 303
    assert needs_of(app, casey["id"]) == []
    with app.app_context():
        assert db.session.scalars(select(NeedHelper)).all() == []


def test_another_clients_need_is_not_even_confirmed_to_exist(app, client, casey):
    [olis] = needs_of(app, casey["oli"])
    sign_in_as(client, "casey@example.org")
    for response in (client.get(f"/needs/{olis.id}/edit"), client.get(f"/needs/{olis.id}/delete"),
                     client.post(f"/needs/{olis.id}", data={"area": "work", "status": "sorted"}),
                     client.post(f"/needs/{olis.id}/delete")):
        assert response.status_code == 404
    assert needs_of(app, casey["oli"])[0].title == "Oli's own flat"
    assert "Oli&#39;s own flat" not in client.get("/needs").text


def test_home_shows_open_needs_only_when_there_are_some(app, client, casey):
    sign_in_as(client, "casey@example.org")
    assert 'id="needs-title"' not in client.get("/").text
    add_need(client, casey, title="Old issue", status="sorted")
    assert 'id="needs-title"' not in client.get("/").text
    add_need(client, casey, area="transport", title="Bus pass", next_step="Apply online")
    home = client.get("/").text
    assert 'id="needs-title"' in home and "Bus pass" in home and "Next: Apply online" in home
    assert "Old issue" not in home


def test_home_links_to_the_needs_page_for_a_client_with_none_yet(app, client, casey):
    sign_in_as(client, "casey@example.org")
    assert 'href="/needs"' in client.get("/").text
    assert "Nothing here yet." in client.get("/needs").text


def test_open_needs_gives_the_clients_unsorted_needs_in_the_pages_order(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, area="health", title="Dentist")
    add_need(client, casey, area="housing", title="Flat", status="sorted")
    add_need(client, casey, area="work", title="CV", status="in_progress")
    with app.app_context():
        assert [need.title for need in open_needs(casey["id"])] == ["CV", "Dentist"]
        assert [need.title for need in open_needs(casey["oli"])] == ["Oli's own flat"]


def test_the_needs_pages_are_not_kept_by_the_browser(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey)
    [need] = needs_of(app, casey["id"])
    for url in ("/needs", "/needs/new", f"/needs/{need.id}/edit", f"/needs/{need.id}/delete"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_the_page_says_who_sees_it(app, client, casey):
    sign_in_as(client, "casey@example.org")
    assert "1 member of your network sees this page." in client.get("/needs").text


def test_the_sharing_choices_offer_practical_needs(app, client, casey):
    sign_in_as(client, "casey@example.org")
    page = client.get(f"/network/{casey['jo_card']}").text
    assert 'value="practical_needs" checked' in page and "Practical needs (housing, work, money and more)" in page


def export(client) -> dict:
    response = client.post("/settings/data/download")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {"json": json.loads(archive.read("data.json")), "csv": archive.read("needs.csv").decode("utf-8-sig")}


def test_the_clients_export_holds_their_needs_with_helpers_and_who_changed_them(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, status="in_progress", helpers=[str(casey["jo_card"]), str(casey["pat_card"])],
             next_step="Call", next_step_on="2026-03-03")
    data = export(client)
    [need] = data["json"]["needs"]
    assert {key: need[key] for key in ("area", "title", "status", "next_step", "next_step_on", "helpers",
                                       "updated_by")} == {
        "area": "housing", "title": "Find a flat", "status": "in_progress", "next_step": "Call",
        "next_step_on": "2026-03-03", "helpers": ["Jo", "Pat Housing Officer"], "updated_by": "you"}
    assert "id" not in need and "client_id" not in need and "updated_by_id" not in need
    assert "Jo; Pat Housing Officer" in data["csv"] and "Oli" not in json.dumps(data["json"]["needs"])


def test_a_members_export_holds_none_of_the_clients_needs(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, helpers=[str(casey["jo_card"])])
    sign_in_as(client, "jo@example.org")
    data = export(client)
    assert data["json"]["needs"] == [] and "Find a flat" not in json.dumps(data["json"])


def test_deleting_the_clients_account_deletes_their_needs_and_helpers(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, helpers=[str(casey["jo_card"])])
    with app.app_context():
        from recoverynet.auth.models import User
        delete_account(db.session.get(User, casey["id"]))
        db.session.commit()
        assert db.session.scalars(select(Need.client_id)).all() == [casey["oli"]]
        assert db.session.scalars(select(NeedHelper)).all() == []


def test_taking_a_card_off_the_map_takes_it_off_the_needs_it_helped_with(app, client, casey):
    sign_in_as(client, "casey@example.org")
    add_need(client, casey, helpers=[str(casey["jo_card"]), str(casey["pat_card"])])
    assert client.post(f"/network/{casey['pat_card']}/delete").status_code == 303
    [need] = needs_of(app, casey["id"])
    with app.app_context():
        assert db.session.get(Need, need.id).helper_ids == {casey["jo_card"]}


def test_the_list_shows_the_ten_latest_sorted_needs_and_a_way_to_see_every_one(app, client, casey):
    with app.app_context():
        from datetime import datetime, timedelta, timezone
        start = datetime(2025, 1, 1, tzinfo=timezone.utc)
        db.session.add_all(Need(client_id=casey["id"], area="legal", title=f"Sorted {n:02d}", status=NeedStatus.SORTED,
                                updated_at=start + timedelta(days=n)) for n in range(12))
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    page = client.get("/needs").text
    assert "Sorted 11" in page and "Sorted 02" in page and "Sorted 01" not in page
    assert page.index("Sorted 11") < page.index("Sorted 02")
    assert 'href="/needs?sorted=all#done-title"' in page
    every = client.get("/needs?sorted=all").text
    assert "Sorted 00" in every and "Show every sorted need" not in every


def test_home_reads_the_open_needs_in_one_query_however_many(app, client, casey):
    from sqlalchemy import event

    sign_in_as(client, "casey@example.org")
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def home_queries():
        statements.clear()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert "Find a flat" in client.get("/").text
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    add_need(client, casey, helpers=[str(casey["jo_card"])])
    one = home_queries()
    for n in range(6):
        add_need(client, casey, area="work", title=f"Course {n}", helpers=[str(casey["jo_card"]), str(casey["pat_card"])])
    assert home_queries() == one
    # No statement of its own reads the helpers (the starter plan's "any need with a helper?" rides
    # along in Home's session lookup, as a subquery: that one is fine).
    assert sum(statement.lstrip().startswith("SELECT need_helper.") for statement in statements) == 0


def test_a_sorted_need_says_its_area_and_the_day_it_was_sorted_in_the_clients_zone(app, client, casey):
    with app.app_context():
        db.session.get(User, casey["id"]).timezone = "Pacific/Auckland"
        need = Need(client_id=casey["id"], area="legal", title="Court letter", status=NeedStatus.SORTED,
                    updated_at=datetime(2025, 3, 1, 12, 30, tzinfo=timezone.utc))  # 2 March, 01:30 in Auckland
        db.session.add(need)
        db.session.commit()
        need_id = need.id
    sign_in_as(client, "casey@example.org")
    page = client.get("/needs").text
    assert (f'<li id="need-{need_id}"><a href="/needs/{need_id}/edit">Court letter</a>\n'
            "    <small>Legal matters · Sorted on Mar 2, 2025</small></li>") in page
