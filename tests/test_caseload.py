"""The caseload of a clinician or peer coach (recoverynet/caseload/): who appears (only clients
whose card names them clinician or peer coach AND grants "measures"), the rows sorted by need,
each view recorded in every listed client's "who saw what", and the service report's CSV."""
import csv
import io
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.crisis.models import CrisisAlert, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.network.models import Contact, Grant, ViewRecord
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import counted_queries, make_user
from tests.network_world import add_member, sign_in_as

MEMBER_QUERIES = 6


@pytest.fixture
def cleo(app, people):
    """Cleo is Casey's clinician (measures granted) and Oli's clinician (measures NOT granted);
    Casey has a slip this week, Oli a crisis alert."""
    casey, oli = people["client"], people["other_client"]
    cleo, _ = add_member(app, casey, "cleo@example.org", "Cleo Clinician", scopes=("measures",),
                         relationship="clinician")
    with app.app_context():
        card = Contact(client_id=oli, name="Cleo", member_id=cleo, joined_at=utcnow(), relationship="clinician")
        card.grants = [Grant(scope="sober_days")]
        db.session.add_all([card, Slip(user_id=casey, happened_on=local_today("Europe/London")),
                            CrisisAlert(user_id=oli, device_id="x", created_at=utcnow())])
        db.session.get(User, casey).sober_since = local_today("Europe/London") - timedelta(days=12)
        db.session.commit()
    return cleo


def add_client(app, cleo: int, name: str, relationship="peer coach", scopes=("measures",)) -> int:
    with app.app_context():
        person = make_user(f"{name.split()[0].lower()}@example.org", name)
        card = Contact(client_id=person.id, name="Cleo", member_id=cleo, joined_at=utcnow(), relationship=relationship)
        card.grants = [Grant(scope=scope) for scope in scopes]
        db.session.add(card)
        db.session.commit()
        return person.id


def test_the_caseload_lists_a_client_who_granted_measures(app, client, people, cleo):
    sign_in_as(client, "cleo@example.org")
    page = client.get("/caseload").get_data(as_text=True)
    assert "Casey Client" in page and "A slip was recorded for" in page and "12" in page


def test_a_client_who_did_not_grant_measures_never_appears(app, client, people, cleo):
    sign_in_as(client, "cleo@example.org")
    page = client.get("/caseload").get_data(as_text=True)
    report = client.get("/caseload/report.csv").get_data(as_text=True)
    for shown in (page, report):
        assert "Oli" not in shown and "crisis alert" not in shown
    with app.app_context():
        assert db.session.scalars(select(ViewRecord).where(ViewRecord.client_id == people["other_client"])).all() == []


def test_a_client_who_granted_measures_to_a_friend_card_does_not_appear(app, client, people, cleo):
    add_client(app, cleo, "Fern Friend", relationship="friend")
    sign_in_as(client, "cleo@example.org")
    assert "Fern" not in client.get("/caseload").get_data(as_text=True)


def test_a_member_who_is_nobodys_clinician_or_peer_coach_has_no_caseload(app, client, people):
    add_member(app, people["client"], "pat@example.org", "Pat Partner", scopes=("measures",))
    sign_in_as(client, "pat@example.org")
    assert client.get("/caseload").status_code == 404
    assert client.get("/caseload/report.csv").status_code == 404


def test_each_caseload_view_is_recorded_in_each_listed_clients_who_saw_what(app, client, people, cleo):
    other = add_client(app, cleo, "Ivy Peer")
    sign_in_as(client, "cleo@example.org")
    client.get("/caseload")
    client.get("/caseload?sort=name")
    with app.app_context():
        records = db.session.scalars(select(ViewRecord).where(ViewRecord.member_id == cleo)).all()
    assert sorted(record.client_id for record in records) == sorted([people["client"], other] * 2)
    assert {record.scope for record in records} == {"measures"}
    assert records[0].shown.startswith("Caseload: day count, last entry")


def test_the_caseload_is_sorted_by_need_by_default(app, client, people, cleo):
    add_client(app, cleo, "Aaron Calm")  # no flags; first by name
    sign_in_as(client, "cleo@example.org")
    page = client.get("/caseload").get_data(as_text=True)
    assert page.index("Casey Client") < page.index("Aaron Calm")


def test_the_caseload_sorts_by_name_from_a_link(app, client, people, cleo):
    add_client(app, cleo, "Aaron Calm")
    sign_in_as(client, "cleo@example.org")
    page = client.get("/caseload").get_data(as_text=True)
    assert 'href="/caseload?sort=name"' in page
    page = client.get("/caseload?sort=name").get_data(as_text=True)
    assert page.index("Aaron Calm") < page.index("Casey Client")


def test_the_caseload_sorts_by_longest_since_the_last_entry(app, client, people, cleo):
    aaron = add_client(app, cleo, "Aaron Calm")
    with app.app_context():
        db.session.add_all([Entry(user_id=aaron, device_id="a", mood=4, logged_at=utcnow() - timedelta(days=9)),
                            Entry(user_id=people["client"], device_id="b", mood=4, logged_at=utcnow())])
        db.session.commit()
    sign_in_as(client, "cleo@example.org")
    page = client.get("/caseload?sort=last_entry").get_data(as_text=True)
    assert page.index("Aaron Calm") < page.index("Casey Client")


def test_a_row_opens_the_clients_member_view(app, client, people, cleo):
    sign_in_as(client, "cleo@example.org")
    assert f'href="/support/{people["client"]}"' in client.get("/caseload").get_data(as_text=True)


def test_the_people_you_support_list_links_a_clinician_to_the_caseload(app, client, people, cleo):
    sign_in_as(client, "cleo@example.org")
    assert 'href="/caseload"' in client.get("/support").get_data(as_text=True)


def test_the_people_you_support_list_has_no_caseload_link_for_a_partner(app, client, people):
    add_member(app, people["client"], "pat@example.org", "Pat Partner", scopes=("measures",))
    sign_in_as(client, "pat@example.org")
    assert "/caseload" not in client.get("/support").get_data(as_text=True)


def busy(app, person_id: int) -> None:
    """A month of entries (high cravings, low moods), a slip, an alert and a crisis plan."""
    with app.app_context():
        now = utcnow()
        db.session.add_all(Entry(user_id=person_id, device_id=str(uuid.uuid4()), mood=1 + n % 3, craving=9,
                                 logged_at=now - timedelta(hours=11 * n)) for n in range(60))
        db.session.add_all([Slip(user_id=person_id, happened_on=local_today("Europe/London")),
                            CrisisAlert(user_id=person_id, device_id="y", created_at=now),
                            CrisisPlan(user_id=person_id, reviewed_at=now)])
        db.session.commit()


@pytest.mark.parametrize("caseload_size", [1, 5])
def test_the_caseload_opens_in_the_same_few_queries_for_1_or_5_clients(app, client, people, cleo, caseload_size):
    busy(app, people["client"])
    for n in range(caseload_size - 1):
        busy(app, add_client(app, cleo, f"Client{n} Busy"))
    sign_in_as(client, "cleo@example.org")
    with counted_queries(app) as statements:
        page = client.get("/caseload").get_data(as_text=True)
    assert page.count("Craving 8 or more") == caseload_size
    assert len(statements) <= MEMBER_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def report_rows(client) -> list[list[str]]:
    response = client.get("/caseload/report.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_service_report_is_a_csv_download_kept_by_no_cache(app, client, people, cleo):
    sign_in_as(client, "cleo@example.org")
    response = client.get("/caseload/report.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_service_report_has_a_row_per_client_per_month(app, client, people, cleo):
    sign_in_as(client, "cleo@example.org")
    rows = report_rows(client)
    assert rows[0][:2] == ["Client", "Month"]
    casey = [row for row in rows if row[0] == "Casey Client"]
    assert len(casey) == 12 and casey[-1][1] == local_today("Europe/London").strftime("%Y-%m")


def test_the_service_report_gives_the_share_with_a_signed_crisis_plan(app, client, people, cleo):
    signed = add_client(app, cleo, "Sig Ned")
    with app.app_context():
        db.session.add(CrisisPlan(user_id=signed, reviewed_at=utcnow()))
        db.session.commit()
    sign_in_as(client, "cleo@example.org")
    summary = [row for row in report_rows(client) if row[0] == "All 2 clients"]
    assert summary[-1][1] == local_today("Europe/London").strftime("%Y-%m") and summary[-1][-1] == "50%"


def test_the_service_report_keeps_a_cell_that_starts_like_a_formula_as_text(app, client, people, cleo):
    add_client(app, cleo, "=HYPERLINK(\"http://x\") Evil")
    sign_in_as(client, "cleo@example.org")
    names = [row[0] for row in report_rows(client)]
    assert "'=HYPERLINK(\"http://x\") Evil" in names and not any(name.startswith("=") for name in names)


def test_the_service_report_is_recorded_in_each_clients_who_saw_what(app, client, people, cleo):
    sign_in_as(client, "cleo@example.org")
    client.get("/caseload/report.csv")
    with app.app_context():
        record = db.session.scalars(select(ViewRecord).where(ViewRecord.member_id == cleo)).one()
    assert record.client_id == people["client"] and record.shown.startswith("Service report")


def test_a_clinician_without_the_measures_scope_sees_nobody_on_the_caseload(app, client, people):
    add_member(app, people["client"], "cal@example.org", "Cal Clinician", scopes=("sober_days",),
               relationship="clinician")
    sign_in_as(client, "cal@example.org")
    page = client.get("/caseload").get_data(as_text=True)
    assert "Casey" not in page and "Nobody has shared their progress measures with you yet" in page
    report = client.get("/caseload/report.csv").get_data(as_text=True)
    assert "Casey" not in report
    with app.app_context():
        assert db.session.scalars(select(ViewRecord)).all() == []


# Just after midnight, at midday and just before midnight in London: the demo's days never
# depend on the hour it is made (at 00:05 an entry made "now minus two hours" fell a day earlier).
@pytest.mark.parametrize("hour", ["00:05", "12:00", "23:55"])
def test_the_demo_clinician_has_a_small_caseload_with_flags(app, client, runner, time_machine, hour):
    from datetime import datetime, timezone

    from recoverynet.demo_network import MEMBER_PASSWORD
    time_machine.move_to(datetime.fromisoformat(f"2026-11-30T{hour}").replace(tzinfo=timezone.utc), tick=True)
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert client.post("/login", data={"email": "demo.clinician@example.org", "password": MEMBER_PASSWORD}
                       ).status_code == 303
    page = client.get("/caseload").get_data(as_text=True)
    for shown in ("Alex Example (demo)", "Morgan Example (demo)", "Taylor Example (demo)", "Robin Example (demo)",
                  "Craving 8 or more", "No entry for 4 days", "Recovery capital (BARC-10) 7 points lower",
                  "action item is past its day", "isn&#39;t recorded"):
        assert shown in page, shown
