"""The network page's "A basic working network" checklist: each item ticks from the client's map
and what the client did, never from another client's, and links to where it's done.

Casey's map starts with one card (a neighbour she marked risky), so the page shows the checklist
with nothing ticked; Oli, another client, has every item in place."""
import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.checkins.models import CheckinPlan
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper, NeedStatus
from recoverynet.network.models import Contact
from tests.network_world import sign_in_as

ITEMS = ("A named clinical lead: a clinician on your map", "A peer worker: a peer coach or sponsor",
         "At least two backup supports, so no one person carries everything",
         "A crisis plan with people on it, read through and signed off", "A weekly check-in",
         "A mutual-help option: a meeting you went to, or a group on your map",
         "A sober activity you enjoy with others", "Practical needs covered: each open one has someone helping")
SIGNED = datetime(2026, 1, 10, tzinfo=timezone.utc)


def card(client_id, name, relationship="friend", **fields) -> Contact:
    contact = Contact(client_id=client_id, name=name, relationship=relationship, **fields)
    db.session.add(contact)
    db.session.flush()
    return contact


def need(client_id, helped: bool, status=NeedStatus.NOT_STARTED) -> None:
    row = Need(client_id=client_id, area="money", title="Benefits", status=status)
    db.session.add(row)
    db.session.flush()
    if helped:
        db.session.add(NeedHelper(need_id=row.id, contact_id=card(client_id, "Helper", "other", label="risky").id))


def crisis_plan(client_id, people: bool, reviewed: bool) -> None:
    callees = [Callee(position=0, name="Mum", daytime_phone="07700 900111")] if people else []
    db.session.add(CrisisPlan(user_id=client_id, callees=callees, reviewed_at=SIGNED if reviewed else None))


# Each item, and what the client does that ticks it.
DOING = {
    ITEMS[0]: lambda c: card(c, "Dr Roe", "clinician"),
    ITEMS[1]: lambda c: card(c, "Sam", "peer coach"),
    ITEMS[2]: lambda c: [card(c, "Ana", "sibling"), card(c, "Ben", "friend")],
    ITEMS[3]: lambda c: crisis_plan(c, people=True, reviewed=True),
    ITEMS[4]: lambda c: db.session.add(CheckinPlan(client_id=c, weekday=0, time="18:00")),
    ITEMS[5]: lambda c: db.session.add(Meeting(client_id=c, attended_on=date(2026, 1, 3), kind="smart")),
    ITEMS[6]: lambda c: setattr(db.session.get(User, c), "sober_activity", "Climbing with Ben"),
    ITEMS[7]: lambda c: need(c, helped=True),
}
# Short of an item: it stays open.
ALMOST = [
    (ITEMS[2], lambda c: [card(c, "Ana", "sibling"), card(c, "Dr Roe", "clinician"), card(c, "Sam", "sponsor"),
                          card(c, "NA group", "group")]),
    (ITEMS[2], lambda c: [card(c, "Ana", "sibling"), card(c, "Lee", "friend", label="risky")]),
    (ITEMS[3], lambda c: crisis_plan(c, people=True, reviewed=False)),
    (ITEMS[3], lambda c: crisis_plan(c, people=False, reviewed=True)),
    (ITEMS[7], lambda c: [need(c, helped=True), need(c, helped=False)]),
]


def do(app, action, client_id) -> None:
    with app.app_context():
        action(client_id)
        db.session.commit()


@pytest.fixture
def casey(app, people):
    for action in DOING.values():
        do(app, action, people["other_client"])
    do(app, lambda c: card(c, "Neighbour", "other", label="risky"), people["client"])
    return people["client"]


def checklist(page: str) -> dict[str, bool]:
    section = page.split('aria-labelledby="working-title"', 1)[1].split("</section>", 1)[0]
    return {title.replace("&#39;", "'"): bool(done) for done, title in re.findall(
        r'<li class="step( done)?">.*?<span class="visually-hidden">[^<]*</span>([^<]*)</a>', section, re.S)}


def network_page(client) -> str:
    return client.get("/network").get_data(as_text=True)


def test_the_checklist_lists_every_item_none_ticked_by_another_clients_network(client, casey):
    sign_in_as(client, "casey@example.org")
    page = network_page(client)
    assert "A basic working network" in page
    assert checklist(page) == dict.fromkeys(ITEMS, False)
    assert "0 of 8 in place" in page


@pytest.mark.parametrize("item", ITEMS)
def test_an_item_ticks_itself_from_the_clients_network(app, client, casey, item):
    do(app, DOING[item], casey)
    sign_in_as(client, "casey@example.org")
    assert [name for name, done in checklist(network_page(client)).items() if done] == [item]


def test_a_group_on_the_map_is_a_mutual_help_option(app, client, casey):
    do(app, lambda c: card(c, "SMART group", "group"), casey)
    sign_in_as(client, "casey@example.org")
    assert checklist(network_page(client))[ITEMS[5]] is True


@pytest.mark.parametrize("item, almost", ALMOST, ids=["only-lead-peer-and-group", "one-backup-and-a-risky-one",
                                                      "plan-not-signed", "signed-plan-without-people",
                                                      "an-open-need-without-a-helper"])
def test_an_item_stays_open_for_something_short_of_it(app, client, casey, item, almost):
    do(app, almost, casey)
    sign_in_as(client, "casey@example.org")
    assert checklist(network_page(client))[item] is False


def test_a_sorted_need_needs_no_helper_to_count_as_covered(app, client, casey):
    do(app, lambda c: [need(c, helped=True), need(c, helped=False, status=NeedStatus.SORTED)], casey)
    sign_in_as(client, "casey@example.org")
    assert checklist(network_page(client))[ITEMS[7]] is True


def test_everything_in_place_says_so(app, client, casey):
    for action in DOING.values():
        do(app, action, casey)
    sign_in_as(client, "casey@example.org")
    page = network_page(client)
    assert all(checklist(page).values())
    assert "Everything is in place." in page


def test_each_item_links_to_a_page_that_opens(client, casey):
    sign_in_as(client, "casey@example.org")
    page = network_page(client).split('aria-labelledby="working-title"', 1)[1].split("</section>", 1)[0]
    links = set(re.findall(r'<a href="([^"]*)">', page))
    assert {"/network/new", "/crisis/plan", "/checkins/schedule", "/meetings", "/starter-plan/activity",
            "/needs"} == links
    for href in links:
        assert client.get(href).status_code == 200, href


def test_an_empty_map_shows_its_welcome_without_the_checklist(app, client, casey):
    with app.app_context():
        db.session.delete(db.session.scalar(select(Contact).where(Contact.client_id == casey)))
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    page = network_page(client)
    assert "Start with one person" in page and "A basic working network" not in page
