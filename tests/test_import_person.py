"""Bringing an export back (issue 12): `flask import-person FILE.zip` and Settings → Bring in my
data for a new, empty account (recoverynet/yourdata/importing.py). What the person owns comes
back; network cards come back without accounts; the same file twice adds nothing twice; a wrong,
damaged, too large or hostile file is refused with a clear sentence and nothing written."""
import io
import json
import uuid
import zipfile
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.auth.passwords import check_password
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.models import recreate_tables
from recoverynet.network.models import Contact, Grant, Invite
from recoverynet.reminders.models import Reminder
from recoverynet.sobriety.models import Slip
from recoverynet.yourdata.export import write_export
from tests.helpers import PASSWORD, make_user
from tests.network_world import add_member, sign_in_as

NOW = datetime(2026, 3, 28, 20, 0, tzinfo=timezone.utc)  # 09:00 on the 29th in Auckland
AUCKLAND = "Pacific/Auckland"
RESTORED = (Entry, EntryTrigger, CustomTrigger, Meeting, Slip, Contact, CrisisPlan, Callee, Reminder)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def fill_casey(app, casey_id):
    """Casey in Auckland with some of everything she owns: entries with triggers (one her own),
    meetings (two recorded in the same second), a slip, cards on her map, a crisis plan whose
    first person is a card, and three kinds of reminder."""
    with app.app_context():
        casey = db.session.get(User, casey_id)
        casey.timezone, casey.sober_since, casey.language = AUCKLAND, date(2026, 1, 2), "es"
        casey.quiet_start, casey.quiet_end, casey.detailed_notifications = "22:00", "07:00", True
        moment = NOW - timedelta(days=3, microseconds=-123456)
        db.session.add_all([
            Entry(user_id=casey_id, device_id=str(uuid.uuid4()), mood=2, craving=8, note="Rough evening",
                  situation="Alone after work", outcome="on_track", logged_at=moment, updated_at=moment,
                  triggers=[EntryTrigger(label="lonely"), EntryTrigger(label="night shift")]),
            Entry(user_id=casey_id, device_id=str(uuid.uuid4()), mood=4, craving=None, logged_at=moment + timedelta(hours=1),
                  updated_at=moment + timedelta(hours=1)),
            CustomTrigger(user_id=casey_id, label="night shift", hidden=True),
            CustomTrigger(user_id=casey_id, label="payday pub"),
            Meeting(client_id=casey_id, attended_on=date(2026, 3, 27), kind="na", note="Step 3", recorded_at=moment),
            Meeting(client_id=casey_id, attended_on=date(2026, 3, 27), kind="na", note="Step 3", recorded_at=moment),
            Meeting(client_id=casey_id, attended_on=date(2026, 3, 20), kind="smart", recorded_at=moment - timedelta(days=7)),
            Slip(user_id=casey_id, happened_on=date(2026, 1, 1), note="New year", previous_sober_since=date(2025, 6, 1),
                 new_sober_since=date(2026, 1, 2), recorded_at=moment - timedelta(days=80)),
            Contact(client_id=casey_id, name="Jo Sister", relationship="sibling", circle="inner", phone="07700 900001",
                    preferred_contact="call", available_daytime=True, label="helpful", reliability=5, helpfulness=4,
                    notes="Calls back within the hour", created_at=moment - timedelta(days=60)),
            Contact(client_id=casey_id, name="Old drinking friend", label="risky", circle="outer",
                    boundaries="No meeting in pubs", created_at=moment - timedelta(days=50)),
            Reminder(user_id=casey_id, kind="checkin", times="20:00", created_at=moment,
                     next_due_at=NOW + timedelta(hours=11)),
            Reminder(user_id=casey_id, kind="weekly", times="18:30", weekday=6, title="Sunday call", paused=True,
                     created_at=moment),
            Reminder(user_id=casey_id, kind="appointment", times="10:00", on_date=date(2026, 4, 2), lead_minutes=60,
                     place="Clinic", note="Bring the letter", created_at=moment - timedelta(days=1),
                     next_due_at=datetime(2026, 4, 1, 20, 0, tzinfo=timezone.utc)),
        ])
        db.session.flush()
        jo = db.session.scalar(select(Contact.id).where(Contact.name == "Jo Sister"))
        plan = CrisisPlan(user_id=casey_id, warning_signs="Not sleeping\nSkipping meals", coping_alone="Cold water",
                          distractions="The library", reasons="My daughter", sms_message="Call me?", uses_opioids=True,
                          naloxone_who="Jo", naloxone_where="Kitchen drawer", naloxone_trained="yes",
                          updated_at=moment, reviewed_at=moment)
        plan.callees = [Callee(position=0, name="Jo Sister", daytime_phone="07700 900001", contact_id=jo),
                        Callee(position=1, professional=True, name="Community team", daytime_phone="01632 960000",
                               out_of_hours_phone="111")]
        db.session.add(plan)
        db.session.commit()


def export_of(app, email: str) -> bytes:
    with app.test_request_context():
        out = io.BytesIO()
        write_export(db.session.scalar(select(User).where(User.email == email)), out)
        return out.getvalue()


def data_of(archive: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return json.loads(opened.read("data.json"))


def zip_with(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def counts(app, user_id=None) -> dict[str, int]:
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in RESTORED}


def bring_in(runner, tmp_path, archive: bytes, *options):
    path = tmp_path / "export.zip"
    path.write_bytes(archive)
    return runner.invoke(args=["import-person", str(path), *options])


# ---- The round trip, and the same file twice ----

def test_export_then_import_into_a_fresh_database_then_export_gives_the_same_data(
        app, runner, people, frozen, tmp_path):
    fill_casey(app, people["client"])
    first = export_of(app, "casey@example.org")
    with app.app_context():
        recreate_tables()
    result = bring_in(runner, tmp_path, first, "--email", "casey@example.org", "--create")
    assert result.exit_code == 0, result.output
    before, after = data_of(first), data_of(export_of(app, "casey@example.org"))
    for data in (before, after):
        del data["exported_at"]
        for name in ("created_at", "confirmed_at"):  # the new account's own
            del data["person"][name]
    assert after == before
    assert len(after["entries"]) == 2 and len(after["meetings"]) == 3 and after["crisis_plan"]["callees"]


def test_importing_the_same_file_twice_adds_nothing_the_second_time(app, runner, people, frozen, tmp_path):
    fill_casey(app, people["client"])
    archive = export_of(app, "casey@example.org")
    assert bring_in(runner, tmp_path, archive, "--email", "new@example.org", "--create").exit_code == 0
    once = counts(app)
    again = bring_in(runner, tmp_path, archive, "--email", "new@example.org")
    assert again.exit_code == 0, again.output
    assert counts(app) == once
    assert "0 entries, 0 triggers, 0 meetings, 0 slips, 0 contacts, 0 crisis plan, 0 reminders" in again.output


def test_two_records_made_in_the_same_second_both_come_back_once(app, runner, people, frozen, tmp_path):
    fill_casey(app, people["client"])
    archive = export_of(app, "casey@example.org")
    bring_in(runner, tmp_path, archive, "--email", "new@example.org", "--create")
    bring_in(runner, tmp_path, archive, "--email", "new@example.org")
    with app.app_context():
        new = db.session.scalar(select(User.id).where(User.email == "new@example.org"))
        notes = db.session.scalars(select(Meeting.note).where(Meeting.client_id == new, Meeting.kind == "na")).all()
    assert notes == ["Step 3", "Step 3"]


def test_a_card_edited_after_the_import_is_not_brought_in_again(app, runner, people, frozen, tmp_path):
    fill_casey(app, people["client"])
    archive = export_of(app, "casey@example.org")
    bring_in(runner, tmp_path, archive, "--email", "new@example.org", "--create")
    with app.app_context():
        new = db.session.scalar(select(User.id).where(User.email == "new@example.org"))
        card = db.session.scalar(select(Contact).where(Contact.client_id == new, Contact.name == "Jo Sister"))
        card.name = "Jo (sister)"
        db.session.commit()
    bring_in(runner, tmp_path, archive, "--email", "new@example.org")
    with app.app_context():
        names = db.session.scalars(select(Contact.name).where(Contact.client_id == new).order_by(Contact.name)).all()
    assert names == ["Jo (sister)", "Old drinking friend"]


# ---- What comes back, and what doesn't ----

def test_network_cards_come_back_without_accounts_grants_or_invites(app, runner, people, frozen, tmp_path):
    add_member(app, people["client"], "mia@example.org", "Mia Member", scopes=("sober_days", "crisis_alerts"),
               notes="Met at group")
    archive = export_of(app, "casey@example.org")
    assert bring_in(runner, tmp_path, archive, "--email", "new@example.org", "--create").exit_code == 0
    with app.app_context():
        new = db.session.scalar(select(User.id).where(User.email == "new@example.org"))
        card = db.session.scalar(select(Contact).where(Contact.client_id == new))
        assert (card.name, card.notes, card.member_id, card.joined_at) == ("Mia Member", "Met at group", None, None)
        assert db.session.scalar(select(func.count()).select_from(Grant).where(Grant.contact_id == card.id)) == 0
        assert db.session.scalar(select(func.count()).select_from(Invite).where(Invite.contact_id == card.id)) == 0


def test_the_crisis_plan_comes_back_with_its_people_linked_to_their_cards(app, runner, people, frozen, tmp_path):
    fill_casey(app, people["client"])
    bring_in(runner, tmp_path, export_of(app, "casey@example.org"), "--email", "new@example.org", "--create")
    with app.app_context():
        new = db.session.scalar(select(User.id).where(User.email == "new@example.org"))
        plan = db.session.scalar(select(CrisisPlan).where(CrisisPlan.user_id == new))
        jo = db.session.scalar(select(Contact.id).where(Contact.client_id == new, Contact.name == "Jo Sister"))
        assert [(c.name, c.professional, c.contact_id) for c in plan.callees] == \
            [("Jo Sister", False, jo), ("Community team", True, None)]


def test_a_reminder_whose_moment_passed_gets_its_next_one(app, runner, people, time_machine, tmp_path):
    time_machine.move_to(NOW, tick=False)
    fill_casey(app, people["client"])
    archive = export_of(app, "casey@example.org")
    later = NOW + timedelta(days=2)
    time_machine.move_to(later, tick=False)
    bring_in(runner, tmp_path, archive, "--email", "new@example.org", "--create")
    with app.app_context():
        new = db.session.scalar(select(User.id).where(User.email == "new@example.org"))
        due = db.session.scalar(select(Reminder.next_due_at).where(Reminder.user_id == new, Reminder.kind == "checkin"))
    assert later < due <= later + timedelta(days=1)


def test_the_profile_comes_back_but_never_the_email(app, runner, people, frozen, tmp_path):
    fill_casey(app, people["client"])
    bring_in(runner, tmp_path, export_of(app, "casey@example.org"), "--email", "new@example.org", "--create")
    with app.app_context():
        new = db.session.scalar(select(User).where(User.email == "new@example.org"))
        assert (new.display_name, new.timezone, new.sober_since, new.language, new.quiet_start, new.detailed_notifications) \
            == ("Casey Client", AUCKLAND, date(2026, 1, 2), "es", "22:00", True)


# ---- The command ----

def test_a_created_account_has_a_random_password_and_waits_for_a_reset(app, runner, people, frozen, tmp_path):
    result = bring_in(runner, tmp_path, export_of(app, "casey@example.org"), "--email", "New@Example.org", "--create")
    assert "Forgot your password?" in result.output
    with app.app_context():
        new = db.session.scalar(select(User).where(User.email == "new@example.org"))
        assert new.confirmed_at is None and not check_password(new.password_hash, PASSWORD)


def test_create_refuses_an_email_that_has_an_account(app, runner, people, tmp_path):
    result = bring_in(runner, tmp_path, export_of(app, "casey@example.org"), "--email", "oli@example.org", "--create")
    assert result.exit_code != 0 and "already has an account" in result.output
    assert counts(app)["Entry"] == 0


def test_without_create_the_account_must_exist(app, runner, people, tmp_path):
    result = bring_in(runner, tmp_path, export_of(app, "casey@example.org"), "--email", "nobody@example.org")
    assert result.exit_code != 0 and "--create" in result.output


def test_the_command_says_where_a_file_is_damaged_and_brings_in_nothing(app, runner, people, frozen, tmp_path):
    fill_casey(app, people["client"])
    data = data_of(export_of(app, "casey@example.org"))
    data["entries"][1]["mood"] = 9
    result = bring_in(runner, tmp_path, zip_with({"data.json": json.dumps(data)}), "--email", "new@example.org",
                      "--create")
    assert result.exit_code != 0 and "entries[1].mood: 9 is not from 1 to 5" in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "new@example.org")) is None


# ---- From Settings, for a new, empty account ----

def upload(client, archive: bytes, name="recoverynet-data.zip"):
    return client.post("/settings/data/import", data={"export": (io.BytesIO(archive), name)},
                       content_type="multipart/form-data")


def test_settings_offers_bringing_data_in_only_while_the_account_is_empty(app, client, auth, people):
    auth.login()
    assert "Bring in my data" in client.get("/settings").get_data(as_text=True)
    with app.app_context():
        db.session.add(Meeting(client_id=people["client"], attended_on=date(2026, 3, 1), kind="aa"))
        db.session.commit()
    assert "Bring in my data" not in client.get("/settings").get_data(as_text=True)


def test_an_empty_account_brings_in_its_export_from_settings(app, client, people, frozen):
    fill_casey(app, people["client"])
    with app.app_context():
        db.session.get(User, people["client"]).language = "en"
        db.session.commit()
    archive = export_of(app, "casey@example.org")
    with app.app_context():
        make_user("fresh@example.org", "Fresh Start")
    sign_in_as(client, "fresh@example.org")
    answer = upload(client, archive)
    assert answer.status_code == 303 and answer.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Your data is here: 2 entries, 3 meetings, 2 people on your map, and 3 reminders." in home
    assert "invite them again" in home
    with app.app_context():
        fresh = db.session.scalar(select(User).where(User.email == "fresh@example.org"))
        assert db.session.scalar(select(func.count()).select_from(Entry).where(Entry.user_id == fresh.id)) == 2


def test_an_account_that_holds_data_is_refused_and_keeps_what_it_had(app, client, auth, people, frozen):
    fill_casey(app, people["client"])
    archive = export_of(app, "casey@example.org")
    auth.login()
    before = counts(app)
    answer = upload(client, archive)
    assert answer.status_code == 409
    # Casey's profile (fill_casey) reads RecoveryNet in Spanish.
    assert "solo funciona con una cuenta nueva y vacía" in answer.get_data(as_text=True)
    assert counts(app) == before


def hostile_zip_bomb() -> bytes:
    """data.json that unpacks to 30 MB of spaces from a few kilobytes (its header says so too)."""
    return zip_with({"data.json": b'{"format": "recoverynet-export", "version": 1' + b" " * (30 * 2**20) + b"}"})


def understated_size() -> bytes:
    """A zip whose headers say data.json is 10 bytes when it unpacks to a megabyte."""
    archive = bytearray(zip_with({"data.json": b" " * 2**20}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local and central headers
        at = archive.index(signature) + offset
        archive[at:at + 4] = (10).to_bytes(4, "little")
    return bytes(archive)


def only_outside_names() -> bytes:
    return zip_with({"../data.json": json.dumps({"format": "recoverynet-export", "version": 1}),
                     "/etc/data.json": "{}"})


BAD_FILES = {
    "not a zip": (lambda data: b"PK\x03\x04 this is not really a zip", "isn't a RecoveryNet export"),
    "a zip without data.json": (lambda data: zip_with({"notes.txt": "hello"}), "isn't a RecoveryNet export"),
    "data.json that is not JSON": (lambda data: zip_with({"data.json": "{not json"}), "damaged or was changed"),
    "another app's JSON": (lambda data: zip_with({"data.json": json.dumps({"format": "other", "version": 1})}),
                           "isn't a RecoveryNet export"),
    "a newer version": (lambda data: zip_with({"data.json": json.dumps(data | {"version": 2})}),
                        "made by a newer RecoveryNet"),
    "a version that is text": (lambda data: zip_with({"data.json": json.dumps(data | {"version": "1"})}),
                               "damaged or was changed"),
    "an entry with mood 9": (lambda data: zip_with({"data.json": json.dumps(
        data | {"entries": [data["entries"][0] | {"mood": 9}]})}), "damaged or was changed"),
    "a meeting of an unknown kind": (lambda data: zip_with({"data.json": json.dumps(
        data | {"meetings": [data["meetings"][0] | {"kind": "<script>"}]})}), "damaged or was changed"),
    "a card name of 500 characters": (lambda data: zip_with({"data.json": json.dumps(
        data | {"contacts": [data["contacts"][0] | {"name": "x" * 500}]})}), "damaged or was changed"),
    "an entry without its device id": (lambda data: zip_with({"data.json": json.dumps(
        data | {"entries": [{k: v for k, v in data["entries"][0].items() if k != "device_id"}]})}),
        "damaged or was changed"),
    "a moment without its offset": (lambda data: zip_with({"data.json": json.dumps(
        data | {"meetings": [data["meetings"][0] | {"recorded_at": "2026-03-25T09:00:00"}]})}),
        "damaged or was changed"),
    "entries that are not a list": (lambda data: zip_with({"data.json": json.dumps(data | {"entries": {"a": 1}})}),
                                    "damaged or was changed"),
    "a zip bomb": (lambda data: hostile_zip_bomb(), "more than RecoveryNet can bring in at once"),
    "a zip that understates data.json's size": (lambda data: understated_size(), "damaged or was changed"),
    "only names outside the zip's folder": (lambda data: only_outside_names(), "isn't a RecoveryNet export"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_wrong_file_is_refused_with_a_sentence_and_nothing_is_brought_in(app, client, people, frozen, kind):
    fill_casey(app, people["client"])
    data = data_of(export_of(app, "casey@example.org"))
    make, sentence = BAD_FILES[kind]
    with app.app_context():
        make_user("fresh@example.org", "Fresh Start")
    sign_in_as(client, "fresh@example.org")
    before = counts(app)
    answer = upload(client, make(data))
    assert answer.status_code == 422
    assert sentence in answer.get_data(as_text=True).replace("&#39;", "'")
    assert counts(app) == before
    with app.app_context():
        assert db.session.scalar(select(User.display_name).where(User.email == "fresh@example.org")) == "Fresh Start"


def test_a_file_over_the_limit_is_refused_before_it_is_read(app, client, people):
    app.config["IMPORT_MAX_BYTES"] = 50_000
    with app.app_context():
        make_user("fresh@example.org", "Fresh Start")
    sign_in_as(client, "fresh@example.org")
    answer = upload(client, b"x" * 60_000)
    assert answer.status_code == 413
    assert "bigger than RecoveryNet takes here" in answer.get_data(as_text=True)


def test_an_export_bigger_than_other_forms_may_be_is_taken_here(app, client, people, frozen):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    fill_casey(app, people["client"])
    data = data_of(export_of(app, "casey@example.org"))
    data["entries"][0]["note"] = uuid.uuid4().hex * 400  # 12,800 characters that don't compress
    with app.app_context():
        make_user("fresh@example.org", "Fresh Start")
    sign_in_as(client, "fresh@example.org")
    assert upload(client, zip_with({"data.json": json.dumps(data)})).status_code == 303


def test_sending_no_file_asks_for_one(app, client, auth, people):
    auth.login()
    answer = client.post("/settings/data/import", data={}, content_type="multipart/form-data")
    assert answer.status_code == 422 and "Choose the zip file to bring in." in answer.get_data(as_text=True)


def test_the_import_page_is_private(client, auth, people):
    auth.login()
    assert "no-store" in client.get("/settings/data/import").headers["Cache-Control"]
