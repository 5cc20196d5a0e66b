"""Settings → Download my data: a zip of everything about the signed-in person, and nothing of
anyone else's (recoverynet/yourdata/)."""
import csv
import io
import json
import uuid
import zipfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.auth.models import AuthSession, KnownDevice, User
from recoverynet.crisis.models import CrisisAlert
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.invites import create_invite
from recoverynet.network.models import Contact, Invite, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.reminders.models import Reminder
from recoverynet.rewards.models import Encouragement, Reward, RewardStatus
from recoverynet.sobriety.models import Slip
from recoverynet.yourdata.sections import SECTIONS
from recoverynet.yourdata.tables import EXPORTED
from tests.helpers import JO, PASSWORD_HASH, SAM, give_plan
from tests.network_world import OLI_SECRETS, add_member, sign_in_as
from tests.pseudo_locale import CLOSE, OPEN, PSEUDO, write_pseudo_catalog

AUCKLAND = "Pacific/Auckland"
# 13:30 UTC on 28 March 2026 is 02:30 on the 29th in Auckland (summer time, UTC+13).
LOGGED = datetime(2026, 3, 28, 13, 30, tzinfo=timezone.utc)
NOW = datetime(2026, 3, 28, 20, 0, tzinfo=timezone.utc)  # 09:00 on the 29th in Auckland
DOCUMENTED_KEYS = ["format", "version", "exported_at", "timezone", "person", "entries", "triggers", "meetings",
                   "slips", "analyses", "contacts", "crisis_plan", "crisis_alerts", "prevention_plan", "reminders", "medication_answers", "questionnaires", "use_days", "calendar_months", "checkin_plan", "checkins", "review_plan", "reviews", "needs", "early_warnings", "rewards_received",
                   "rewards_given", "encouragement_received", "encouragement_sent", "perspectives_written",
                   "checkin_notes_written", "action_items_owned",
                   "notifications", "views",
                   "devices", "known_devices", "push_subscriptions", "push_deliveries", "memberships"]
PUSH_SECRETS = ("https://push.example.org/SECRET-ENDPOINT", "SECRET-P256DH-KEY", "SECRET-AUTH")


@pytest.fixture
def casey(app, people, second_world, time_machine):
    """Casey in Auckland with a little of everything; Mia in her network (sober days only) who
    wrote to her, pledged twice and saw her days; Oli's whole network beside them."""
    time_machine.move_to(NOW, tick=True)
    casey_id = people["client"]
    mia, mia_card = add_member(app, casey_id, "mia@example.org", "Mia Member", scopes=("sober_days",),
                               label="risky", notes="CASEY-NOTE-ABOUT-MIA", reliability=2)
    with app.app_context():
        person = db.session.get(User, casey_id)
        person.timezone, person.sober_since = AUCKLAND, date(2026, 1, 2)
        entry = Entry(user_id=casey_id, device_id=str(uuid.uuid4()), mood=2, craving=8, note="CASEY-ENTRY-NOTE",
                      logged_at=LOGGED, triggers=[EntryTrigger(label="lonely"), EntryTrigger(label="night shift")])
        checkin_pledge = Reward(client_id=casey_id, giver_id=mia, title="MIA-CHECKIN-PLEDGE",
                                milestone_kind="checkins", milestone_target=4, status=RewardStatus.UNLOCKED,
                                unlocked_at=LOGGED, accepted_at=LOGGED)
        db.session.add_all([
            entry, CustomTrigger(user_id=casey_id, label="night shift", hidden=True),
            Meeting(client_id=casey_id, attended_on=date(2026, 3, 27), kind="na", note="CASEY-MEETING"),
            Slip(user_id=casey_id, happened_on=date(2026, 1, 1), new_sober_since=date(2026, 1, 2)),
            Reminder(user_id=casey_id, kind="checkin", times="20:00"),
            Notification(user_id=casey_id, kind="encouragement", text="Mia sent you a message"),
            Encouragement(client_id=casey_id, sender_id=mia, text="MIA-WROTE-THIS", sent_at=LOGGED),
            Reward(client_id=casey_id, giver_id=mia, title="MIA-DAYS-PLEDGE", milestone_kind="sober_days",
                   milestone_target=90),
            checkin_pledge,
            ViewRecord(client_id=casey_id, member_id=mia, scope="sober_days", shown="CASEY-SHOWN-TO-MIA"),
            PushSubscription(user_id=casey_id, endpoint=PUSH_SECRETS[0], p256dh=PUSH_SECRETS[1],
                             auth=PUSH_SECRETS[2], user_agent="Firefox on Android"),
            CrisisAlert(user_id=casey_id, device_id=str(uuid.uuid4()), notified=1),
            Delivery(user_id=casey_id, kind="reminder", payload='{"title": "Time to check in"}'),
        ])
        db.session.commit()
        looking_back = Analysis(client_id=casey_id, looked_at=date(2026, 1, 1), situation="CASEY-LOOKING-BACK")
        db.session.add(looking_back)
        db.session.flush()
        db.session.add(Perspective(analysis_id=looking_back.id, member_id=mia, situation="MIA-VIEW",
                                   written_at=LOGGED))
        db.session.commit()
        invite, _ = create_invite(db.session.get(Contact, mia_card))
    give_plan(app, casey_id, JO, SAM)
    with app.app_context():  # a medication reminder with one dose answered
        from recoverynet.medication.models import MedicationAnswer
        pills = Reminder(user_id=casey_id, kind="medication", title="CASEY-PILLS", times="08:00")
        db.session.add(pills)
        db.session.flush()
        db.session.add(MedicationAnswer(user_id=casey_id, reminder_id=pills.id, day=date(2026, 3, 29), slot="08:00",
                                        answer="taken"))
        db.session.commit()
    with app.app_context():  # a questionnaire with one item skipped, and a month confirmed with one use day
        from recoverynet.measures.models import CalendarMonth, Questionnaire, QuestionnaireAnswer, UseDay
        db.session.add_all([
            Questionnaire(client_id=casey_id, instrument="barc10", taken_on=date(2026, 3, 28), score=50, answered=9,
                          answers=[QuestionnaireAnswer(item=str(n), value=5) for n in range(1, 10)]),
            UseDay(client_id=casey_id, day=date(2026, 1, 1)), CalendarMonth(client_id=casey_id, month=date(2026, 1, 1))])
        db.session.commit()
    with app.app_context():  # an early-warning sign Mia was told about
        from recoverynet.warning.models import WarningNotice, WarningSign
        sign = WarningSign(client_id=casey_id, kind="slip", day=date(2026, 3, 28), since=LOGGED, text="CASEY-SIGN")
        db.session.add(sign)
        db.session.flush()
        db.session.add(WarningNotice(sign_id=sign.id, member_id=mia, send_at=LOGGED, told_at=LOGGED))
        db.session.commit()
    with app.app_context():  # a weekly check-in: Casey's notes (one private) and Mia's note and item
        from recoverynet.checkins.models import ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
        checkin = Checkin(client_id=casey_id, held_on=date(2026, 3, 27))
        db.session.add_all([checkin, CheckinPlan(client_id=casey_id, weekday=4, time="18:00",
                                                 participants=[CheckinParticipant(member_id=mia)])])
        db.session.flush()
        db.session.add_all([
            CheckinNote(checkin_id=checkin.id, section="wins", author_id=casey_id, text="CASEY-CHECKIN-NOTE"),
            CheckinNote(checkin_id=checkin.id, section="risks", author_id=casey_id, text="CASEY-PRIVATE-CHECKIN",
                        private=True),
            CheckinNote(checkin_id=checkin.id, section="practical", author_id=mia, text="MIA-CHECKIN-NOTE"),
            ActionItem(client_id=casey_id, checkin_id=checkin.id, what="MIA-ACTION-ITEM", owner_id=mia,
                       created_by_id=casey_id, due_on=date(2026, 4, 1))])
        db.session.commit()
    with app.app_context():  # a practical need Mia helps with, and changed last
        db.session.add(Need(client_id=casey_id, area="money", title="CASEY-NEED", updated_by_id=mia,
                            helpers=[NeedHelper(contact_id=mia_card)]))
        db.session.commit()
    with app.app_context():
        db.session.add(PreventionPlan(user_id=casey_id, triggers="Payday", actions=[
            PreventionAction(position=0, action="Call Mia", helper_name="Mia", contact_id=mia_card)]))
        db.session.commit()
    with app.app_context():  # a monthly review Mia is asked to and took part in, with Casey's private note
        from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
        db.session.add_all([
            ReviewPlan(client_id=casey_id, day_of_month=5, time="18:00", participants=[ReviewParticipant(member_id=mia)]),
            MonthlyReview(client_id=casey_id, held_on=date(2026, 3, 20), goals="CASEY-REVIEW-GOAL",
                          private_note="CASEY-REVIEW-PRIVATE", attendees=[ReviewAttendee(member_id=mia)])])
        db.session.commit()
    return {"casey": casey_id, "mia": mia, "oli": people["other_client"], "ola": second_world["ola"]}


def download(client, email="casey@example.org"):
    sign_in_as(client, email)
    return client.post("/settings/data/download")


def unzip(response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def data_of(response) -> dict:
    return json.loads(unzip(response)["data.json"])


def table(files, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8-sig"), newline="")))


def test_the_download_is_a_zip_named_for_today_in_the_persons_time_zone(client, casey):
    response = download(client)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == "attachment; filename=recoverynet-data-2026-03-29.zip"


def test_the_download_is_never_stored(client, casey):
    assert download(client).headers["Cache-Control"] == "no-store"


def test_downloading_needs_sign_in(client, casey):
    response = client.post("/settings/data/download")
    assert response.status_code in (302, 303) and response.headers["Location"].startswith("/login")


def test_settings_offers_the_download(client, casey):
    sign_in_as(client, "casey@example.org")
    body = client.get("/settings").get_data(as_text=True)
    assert 'action="/settings/data/download"' in body and "Download my data" in body


def test_the_zip_holds_data_json_a_csv_for_each_kind_of_record_and_a_readme(client, casey):
    names = set(unzip(download(client)))
    assert {"data.json", "README.txt", "entries.csv", "meetings.csv", "contacts.csv", "grants.csv",
            "crisis_plan.csv", "crisis_callees.csv", "reminders.csv", "rewards_received.csv",
            "rewards_given.csv", "encouragement_received.csv", "encouragement_sent.csv",
            "notifications.csv", "views.csv", "devices.csv"} <= names
    assert {section.csv for section in SECTIONS} <= names


def test_every_table_the_registry_calls_exported_reaches_the_export(client, casey):
    """Casey's world has a row in every exported table: each part tables.py names for it holds
    something in her export or in Mia's (what Mia wrote as a member)."""
    exports = [data_of(download(client)), data_of(download(client, "mia@example.org"))]
    parts = {part.strip() for where, _ in EXPORTED.values() for part in where.split(",")}
    assert [part for part in sorted(parts) if not any(data[part] for data in exports)] == []


def test_data_json_has_the_documented_shape(client, casey):
    data = data_of(download(client))
    assert list(data) == DOCUMENTED_KEYS
    assert (data["format"], data["version"], data["timezone"]) == ("recoverynet-export", 1, AUCKLAND)
    assert data["person"]["display_name"] == "Casey Client" and data["person"]["email"] == "casey@example.org"


def test_every_moment_carries_the_offset_of_the_persons_time_zone(client, casey):
    data = data_of(download(client))
    assert data["entries"][0]["logged_at"] == "2026-03-29T02:30:00+13:00"
    assert data["exported_at"].startswith("2026-03-29T09:00") and data["exported_at"].endswith("+13:00")
    moments = [value for section in ("entries", "notifications", "devices", "encouragement_received", "views")
               for row in data[section] for name, value in row.items() if name.endswith("_at") and value]
    # Summer time ends on 5 April: a session expiring after it reads +12:00.
    assert moments and all(datetime.fromisoformat(value).utcoffset() == ZoneInfo(AUCKLAND).utcoffset(
        datetime.fromisoformat(value).replace(tzinfo=None)) for value in moments)
    assert {value[-6:] for value in moments} == {"+13:00", "+12:00"}


def test_dates_are_year_month_day(client, casey):
    data = data_of(download(client))
    assert data["person"]["sober_since"] == "2026-01-02"
    assert data["meetings"][0]["attended_on"] == "2026-03-27"
    assert data["slips"][0]["happened_on"] == "2026-01-01"


def test_entries_carry_their_triggers_in_json_and_joined_by_semicolons_in_the_csv(client, casey):
    files = unzip(download(client))
    assert json.loads(files["data.json"])["entries"][0]["triggers"] == ["lonely", "night shift"]
    assert table(files, "entries.csv")[0]["triggers"] == "lonely; night shift"


def test_every_csv_opens_as_a_header_row_and_a_row_per_record(client, casey):
    files = unzip(download(client))
    data = json.loads(files["data.json"])
    for section in SECTIONS:
        assert files[section.csv].startswith(b"\xef\xbb\xbf"), section.csv  # the BOM spreadsheets look for
        rows = table(files, section.csv)
        expected = data[section.key] if isinstance(data[section.key], list) else [data[section.key]]
        assert len(rows) == len([row for row in expected if row is not None]), section.csv
        assert next(csv.reader(io.StringIO(files[section.csv].decode("utf-8-sig")))) == section.header


def test_a_message_that_looks_like_a_formula_stays_text_in_the_spreadsheet(app, client, casey):
    with app.app_context():
        db.session.add(Encouragement(client_id=casey["casey"], sender_id=casey["mia"],
                                     text='=HYPERLINK("http://example.com","Open")'))
        db.session.commit()
    files = unzip(download(client))
    texts = [row["text"] for row in table(files, "encouragement_received.csv")]
    assert '\'=HYPERLINK("http://example.com","Open")' in texts and not any(t.startswith("=") for t in texts)
    assert '=HYPERLINK("http://example.com","Open")' in [m["text"] for m in
                                                        json.loads(files["data.json"])["encouragement_received"]]


def test_the_crisis_plan_comes_with_the_people_to_call(client, casey):
    files = unzip(download(client))
    assert [row["name"] for row in json.loads(files["data.json"])["crisis_plan"]["callees"]] == [JO[0], SAM[0]]
    assert [row["name"] for row in table(files, "crisis_callees.csv")] == [JO[0], SAM[0]]


def test_the_clients_cards_keep_her_labels_notes_ratings_and_what_each_member_may_see(client, casey):
    files = unzip(download(client))
    card = json.loads(files["data.json"])["contacts"][0]
    assert (card["name"], card["label"], card["notes"], card["reliability"]) == ("Mia Member", "risky",
                                                                                 "CASEY-NOTE-ABOUT-MIA", 2)
    assert card["has_account"] is True and card["scopes"] == ["sober_days"]
    assert len(card["invites"]) == 1
    assert table(files, "grants.csv") == [{"contact_name": "Mia Member", "scope": "sober_days",
                                           "granted_at": card["grants"][0]["granted_at"]}]


def test_the_client_sees_who_saw_what_by_name(client, casey):
    views = data_of(download(client))["views"]
    assert [(view["member_name"], view["scope"], view["shown"]) for view in views] == [
        ("Mia Member", "sober_days", "CASEY-SHOWN-TO-MIA")]


def test_the_client_gets_what_she_received_with_who_it_came_from(client, casey):
    data = data_of(download(client))
    assert [(m["sender_name"], m["text"]) for m in data["encouragement_received"]] == [("Mia Member", "MIA-WROTE-THIS")]
    assert {r["title"]: r["giver_name"] for r in data["rewards_received"]} == {
        "MIA-DAYS-PLEDGE": "Mia Member", "MIA-CHECKIN-PLEDGE": "Mia Member"}


def test_another_clients_data_is_absent_from_the_export(client, casey):
    text = b"".join(unzip(download(client)).values()).decode("utf-8")
    assert [secret for secret in OLI_SECRETS if secret in text] == []
    assert "Oli Other" not in text and "oli@example.org" not in text and "ola@example.org" not in text


def test_no_password_hash_token_hash_or_push_key_is_in_the_zip(app, client, casey):
    response = download(client)
    with app.app_context():
        hashes = [*db.session.scalars(select(AuthSession.token_hash)), *db.session.scalars(select(KnownDevice.token_hash)),
                  *db.session.scalars(select(Invite.token_hash))]
    assert len(hashes) >= 3
    text = b"".join(unzip(response).values()).decode("utf-8")
    secrets = [PASSWORD_HASH, *hashes, *PUSH_SECRETS]
    assert [secret for secret in secrets if secret in text or secret.encode() in response.data] == []


def test_push_subscriptions_show_the_device_without_its_keys(client, casey):
    assert [sorted(row) for row in data_of(download(client))["push_subscriptions"]] == [["created_at", "user_agent"]]


def test_a_members_export_holds_what_they_wrote(client, casey):
    data = data_of(download(client, "mia@example.org"))
    assert [(m["client_name"], m["text"]) for m in data["encouragement_sent"]] == [("Casey Client", "MIA-WROTE-THIS")]
    assert {r["title"]: r["client_name"] for r in data["rewards_given"]} == {
        "MIA-DAYS-PLEDGE": "Casey Client", "MIA-CHECKIN-PLEDGE": "Casey Client"}
    assert [(m["client_name"], m["scopes"]) for m in data["memberships"]] == [("Casey Client", ["sober_days"])]


def test_a_members_export_holds_none_of_the_clients_data(client, casey):
    files = unzip(download(client, "mia@example.org"))
    data = json.loads(files["data.json"])
    assert data["entries"] == [] and data["views"] == [] and data["contacts"] == [] and data["crisis_plan"] is None
    text = b"".join(files.values()).decode("utf-8")
    for secret in ("CASEY-ENTRY-NOTE", "CASEY-NOTE-ABOUT-MIA", "CASEY-SHOWN-TO-MIA", "CASEY-MEETING",
                   "casey@example.org", JO[1], "risky", "CASEY-CHECKIN-NOTE", "CASEY-PRIVATE-CHECKIN"):
        assert secret not in text


def test_a_giver_learns_from_the_export_only_what_their_pages_show(client, casey):
    """Mia may not follow Casey's check-ins: her pledge on them reads as accepted, never unlocked."""
    given = {r["title"]: r for r in data_of(download(client, "mia@example.org"))["rewards_given"]}
    assert given["MIA-CHECKIN-PLEDGE"]["status"] == "accepted"
    assert "unlocked_at" not in given["MIA-CHECKIN-PLEDGE"]
    assert given["MIA-DAYS-PLEDGE"]["status"] == "pledged" and "unlocked_at" in given["MIA-DAYS-PLEDGE"]


def test_a_former_members_export_keeps_what_they_wrote_and_follows_nothing(app, client, casey):
    with app.app_context():
        card = db.session.scalar(select(Contact).where(Contact.member_id == casey["mia"]))
        card.member_id = None  # removed from Casey's network
        db.session.commit()
    data = data_of(download(client, "mia@example.org"))
    assert {r["title"]: r["status"] for r in data["rewards_given"]} == {"MIA-DAYS-PLEDGE": "pledged",
                                                                         "MIA-CHECKIN-PLEDGE": "accepted"}
    assert data["memberships"] == [] and len(data["encouragement_sent"]) == 1


def test_someone_with_nothing_yet_gets_empty_lists_and_no_plan(app, client, people):
    data = data_of(download(client, "oli@example.org"))
    assert data["crisis_plan"] is None and data["entries"] == [] and data["person"]["display_name"] == "Oli Other"


def test_the_readme_says_what_each_file_holds(client, casey):
    files = unzip(download(client))
    readme = files["README.txt"].decode("utf-8")
    assert [name for name in files if name != "README.txt" and f"\n{name}\n" not in readme] == []


def test_the_readme_speaks_the_persons_language(app, client, casey, tmp_path):
    babel = app.extensions["babel"]
    directory = str(write_pseudo_catalog(tmp_path))
    babel.translation_directories.append(directory)
    app.config["LANGUAGES"] = ("en", "es", PSEUDO)
    try:
        with app.app_context():
            db.session.get(User, casey["casey"]).language = PSEUDO
            db.session.commit()
        readme = unzip(download(client))["README.txt"].decode("utf-8")
    finally:
        babel.translation_directories.remove(directory)
    sentences = [line.strip() for line in readme.splitlines() if line.startswith("    ") or " " in line.strip()]
    assert sentences and [line for line in sentences if not (line.startswith(OPEN) and line.endswith(CLOSE))] == []


@contextmanager
def counted_queries(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_more_of_everything(app, casey_id, mia, n):
    with app.app_context():
        now = datetime.now(timezone.utc)
        for i in range(n):
            db.session.add_all([
                Entry(user_id=casey_id, device_id=str(uuid.uuid4()), mood=3, logged_at=now - timedelta(hours=i),
                      triggers=[EntryTrigger(label="stress")]),
                Meeting(client_id=casey_id, attended_on=date(2026, 3, 1), kind="aa"),
                Notification(user_id=casey_id, kind="x", text="x"),
                Encouragement(client_id=casey_id, sender_id=mia, text="again"),
                Reward(client_id=casey_id, giver_id=mia, title="more", milestone_kind="checkins", milestone_target=9),
                ViewRecord(client_id=casey_id, member_id=mia, scope="sober_days", shown="days"),
                Contact(client_id=casey_id, name=f"Card {i}"),
            ])
            looking_back = Analysis(client_id=casey_id, looked_at=date(2026, 2, 1), chain="a\nb")
            db.session.add(looking_back)
            db.session.flush()
            db.session.add(Perspective(analysis_id=looking_back.id, member_id=mia, situation="more"))
            helper = Contact(client_id=casey_id, name=f"Helper {i}")
            db.session.add(Need(client_id=casey_id, area="work", title=f"Need {i}", helpers=[NeedHelper(contact=helper)]))
        db.session.commit()


# Measured: 62 (sign-in check included), 68 with the relapse-prevention plan (two queries, read
# three times). Each section is read once for data.json and once for its CSV (and once more for
# each file of its nested records: grants, invites, callees, prevention actions). Looking back at
# slips adds two sections (the client's analyses, the views a member wrote): 4 more.
# Practical needs add one section read in two queries (its cards, its needs with their helpers): 4 more.
# The weekly check-in adds 20: its schedule (2 queries) twice, its check-ins (3: the days, the notes, the items)
# for data.json, its CSV and the two CSVs of notes and items, and a member's own notes and items (1 each) twice.
MOST_QUERIES = 20 + 76
# The monthly review adds 8: its schedule and its reviews (2 queries each: the rows, the names) for data.json and CSV.
MOST_QUERIES += 8
# Medication answers add 2: one query each for data.json and its CSV.
MOST_QUERIES += 2
# Early-warning signs add 2: one query each (the signs with who was told) for data.json and its CSV.
MOST_QUERIES += 2
# Measures add 10: the questionnaires 2 (their answers, then the questionnaires) for data.json, its CSV and the
# answers' CSV; the use days and the confirmed months 1 each for data.json and its CSV.
MOST_QUERIES += 10


@pytest.mark.parametrize("email", ["casey@example.org", "mia@example.org"])
def test_the_number_of_queries_does_not_grow_with_the_records(app, client, casey, email):
    sign_in_as(client, email)
    with counted_queries(app) as few:
        client.post("/settings/data/download")
    add_more_of_everything(app, casey["casey"], casey["mia"], 40)
    with counted_queries(app) as many:
        client.post("/settings/data/download")
    assert len(many) == len(few)
    assert len(few) <= MOST_QUERIES, len(few)
