"""Medication support: a dose of a medication reminder is answered "Taken" or "Not today" (from the
app or the notification's buttons), once per dose; adherence over 7 and 30 of the client's local
days, shown to the client and to members holding the "medication" scope. Oli's network (with his
own medication reminder and answers, and Ola who sees everything of his) stands beside Casey's."""
import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.medication.doses import Schedule, adherence, adherence_for
from recoverynet.medication.models import MedicationAnswer
from recoverynet.network.models import ViewRecord
from recoverynet.push.texts import TELLTALE_WORDS
from recoverynet.reminders.due import reminder_payload
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import dose_at
from tests.network_world import OLI_SECRETS, add_member, build_oli_network, oli_snapshot, sign_in_as

UTC = timezone.utc


@pytest.fixture
def world(app, people):
    """Casey takes a dose at 08:00 and 20:00 (reminder made 60 days ago) and has a daily check-in
    reminder; Mia holds the medication scope, Nia holds another scope only."""
    casey, oli = people["client"], people["other_client"]
    mia, _ = add_member(app, casey, "mia@example.org", "Mia Member", scopes=("medication",), card_name="Mia")
    nia, _ = add_member(app, casey, "nia@example.org", "Nia Member", scopes=("sober_days",), card_name="Nia")
    with app.app_context():
        long_ago = datetime(2025, 1, 1, tzinfo=UTC)
        pills = Reminder(user_id=casey, kind="medication", title="Buprenorphine", times="08:00,20:00",
                         created_at=long_ago)
        checkin = Reminder(user_id=casey, kind="checkin", times="21:00", created_at=long_ago)
        db.session.add_all([pills, checkin])
        db.session.commit()
        ids = {"casey": casey, "oli": oli, "mia": mia, "nia": nia, "pills": pills.id, "checkin": checkin.id}
    olis = build_oli_network(app, oli)
    ids["ola"] = olis["ola"]
    with app.app_context():
        ids["olis_pills"] = db.session.scalar(select(Reminder.id).where(Reminder.user_id == oli,
                                                                        Reminder.kind == "medication"))
    ids["oli_before"] = oli_snapshot(app, oli)
    return ids


def today_in_london() -> date:
    return datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).date()


def answer(client, reminder, day, time="08:00", given="taken", **headers):
    return client.post(f"/medication/{reminder}/answer", data={"day": day.isoformat(), "time": time,
                                                               "answer": given}, headers=headers)


def answers_of(app, user_id) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(MedicationAnswer.reminder_id, MedicationAnswer.day, MedicationAnswer.slot, MedicationAnswer.answer)
            .where(MedicationAnswer.user_id == user_id).order_by(MedicationAnswer.id))]


# ---- Answering ----

def test_a_dose_answered_taken_is_recorded_for_that_dose(app, client, auth, world):
    auth.login()
    today = today_in_london()
    response = answer(client, world["pills"], today, "20:00")
    assert response.status_code == 303
    assert answers_of(app, world["casey"]) == [(world["pills"], today, "20:00", "taken")]


def test_tapping_twice_records_one_answer(app, client, auth, world):
    auth.login()
    today = today_in_london()
    answer(client, world["pills"], today)
    answer(client, world["pills"], today)
    assert len(answers_of(app, world["casey"])) == 1


def test_two_phones_answering_the_same_dose_record_it_once(app, client, auth, world):
    auth.login()
    other_phone = app.test_client()
    sign_in_as(other_phone, "casey@example.org")
    today = today_in_london()
    assert answer(client, world["pills"], today, Accept="application/json").status_code == 200
    assert answer(other_phone, world["pills"], today, Accept="application/json").status_code == 200
    assert answers_of(app, world["casey"]) == [(world["pills"], today, "08:00", "taken")]


def test_changing_the_answer_later_that_day_replaces_it(app, client, auth, world):
    auth.login()
    today = today_in_london()
    answer(client, world["pills"], today, given="not_today")
    answer(client, world["pills"], today, given="taken")
    assert answers_of(app, world["casey"]) == [(world["pills"], today, "08:00", "taken")]


def test_yesterdays_dose_may_still_be_answered(app, client, auth, world):
    auth.login()
    yesterday = today_in_london() - timedelta(days=1)
    assert answer(client, world["pills"], yesterday, "20:00").status_code == 303
    assert answers_of(app, world["casey"]) == [(world["pills"], yesterday, "20:00", "taken")]


def test_a_dose_older_than_yesterday_is_refused_with_a_reason(app, client, auth, world):
    auth.login()
    response = answer(client, world["pills"], today_in_london() - timedelta(days=2))
    assert response.status_code == 422
    assert "You can answer for today and yesterday." in response.get_data(as_text=True)
    assert answers_of(app, world["casey"]) == []


def test_a_time_the_reminder_does_not_have_is_refused(app, client, auth, world):
    auth.login()
    response = answer(client, world["pills"], today_in_london(), "09:15", Accept="application/json")
    assert response.status_code == 422
    assert "time" in response.get_json()["errors"]
    assert answers_of(app, world["casey"]) == []


def test_an_answer_that_is_neither_taken_nor_not_today_is_refused(app, client, auth, world):
    auth.login()
    assert answer(client, world["pills"], today_in_london(), given="skipped").status_code == 422
    assert answers_of(app, world["casey"]) == []


def test_another_clients_reminder_cannot_be_answered(app, client, auth, world):
    auth.login()
    response = answer(client, world["olis_pills"], today_in_london())
    assert response.status_code == 404
    assert oli_snapshot(app, world["oli"]) == world["oli_before"]


@pytest.mark.parametrize("email", ["mia@example.org", "ola@example.org"])
def test_a_member_cannot_answer_the_clients_dose(app, client, world, email):
    sign_in_as(client, email)
    assert answer(client, world["pills"], today_in_london()).status_code == 404
    assert answers_of(app, world["casey"]) == []


def test_a_reminder_of_another_kind_cannot_be_answered(app, client, auth, world):
    auth.login()
    assert answer(client, world["checkin"], today_in_london(), "21:00").status_code == 404


def test_the_notification_gets_json_back(app, client, auth, world):
    auth.login()
    response = answer(client, world["pills"], today_in_london(), given="not_today", Accept="application/json")
    assert response.get_json() == {"status": "recorded", "answer": "not_today"}


def test_answering_signed_out_records_nothing(app, client, world):
    response = answer(client, world["pills"], today_in_london(), Accept="application/json")
    assert response.status_code == 401
    assert answers_of(app, world["casey"]) == []


def test_deleting_a_reminder_deletes_its_answers(app, client, auth, world):
    auth.login()
    answer(client, world["pills"], today_in_london())
    client.post(f"/reminders/{world['pills']}/delete")
    assert answers_of(app, world["casey"]) == []


# ---- Adherence: doses taken out of doses due, in the client's local days ----

def pills(times=("08:00",), created=datetime(2025, 1, 1, tzinfo=UTC), paused=False, rid=1) -> Schedule:
    return Schedule(rid, "Pills", tuple(times), 0, paused, created)


def taken(*days, slot="08:00", given="taken", rid=1) -> dict:
    return {(rid, day, slot): given for day in days}


def test_adherence_counts_the_clients_local_days_far_from_utc():
    # 20:00 UTC on 15 January is 10:00 on the 16th in Kiritimati (UTC+14): the 16th's 08:00 dose is due.
    now = datetime(2026, 1, 15, 20, 0, tzinfo=UTC)
    answers = taken(date(2026, 1, 16), date(2026, 1, 10)) | taken(date(2026, 1, 9)) | taken(date(2026, 1, 12),
                                                                                             given="not_today")
    found = adherence([pills()], answers, "Pacific/Kiritimati", now)
    assert (found[7].taken, found[7].due) == (2, 7)  # the 10th to the 16th
    assert (found[30].taken, found[30].due) == (3, 30)


def test_a_dose_later_today_is_not_due_yet():
    # 09:00 UTC on 15 January is 23:00 on the 14th in Honolulu (UTC-10): the 15th hasn't started there.
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    found = adherence([pills(("08:00", "23:30"))], {}, "Pacific/Honolulu", now)
    assert found[7].due == 7 * 2 - 1  # the 14th's 23:30 is half an hour away


def test_a_dose_answered_before_its_time_counts():
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    found = adherence([pills(("08:00", "20:00"))], taken(date(2026, 1, 15), slot="20:00"), "Europe/London", now)
    assert (found[7].taken, found[7].due) == (1, 14)


def test_every_dose_counts_once_across_the_spring_daylight_saving_change():
    # New York moves from 02:00 to 03:00 on 8 March 2026: 02:30 does not exist that night.
    now = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)  # 12:00 on the 10th in New York
    answers = {(1, date(2026, 3, 8), "02:30"): "taken", (1, date(2026, 3, 8), "08:00"): "taken"}
    found = adherence([pills(("02:30", "08:00"))], answers, "America/New_York", now)
    assert (found[7].taken, found[7].due) == (2, 14)


def test_every_dose_counts_once_across_the_autumn_daylight_saving_change():
    # New York goes back from 02:00 to 01:00 on 1 November 2026: 01:30 happens twice that night.
    now = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)  # 12:00 on the 2nd in New York
    found = adherence([pills(("01:30",))], taken(date(2026, 11, 1), slot="01:30"), "America/New_York", now)
    assert (found[7].taken, found[7].due) == (1, 7)


def test_a_new_reminder_counts_only_doses_after_it_was_made():
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    made = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)  # after the 14th's 08:00 dose in London
    found = adherence([pills(("08:00",), created=made)], {}, "Europe/London", now)
    assert found[7].due == 1 and found[30].due == 1


def test_a_paused_reminder_counts_only_doses_answered():
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    found = adherence([pills(paused=True)], taken(date(2026, 1, 15)), "Europe/London", now)
    assert (found[7].taken, found[7].due) == (1, 1)


def test_an_answer_for_a_time_that_changed_never_counts_against_the_person():
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    # The dose moved from 08:00 to 09:00 today; yesterday's 08:00 answer still stands alone for its day.
    found = adherence([pills(("09:00",))], taken(date(2026, 1, 14)), "Europe/London", now)
    assert (found[7].taken, found[7].due) == (1, 7)


def test_no_doses_due_is_no_percentage():
    now = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert adherence([], {}, "Europe/London", now)[7].percent is None


def test_adherence_for_the_review_is_the_clients_only(app, world, time_machine):
    # 10:00 in London: today's 08:00 dose is due, 20:00 not yet.
    time_machine.move_to(datetime(2026, 1, 15, 10, 0, tzinfo=UTC), tick=False)
    with app.app_context():
        casey = db.session.get(User, world["casey"])
        db.session.add_all([MedicationAnswer(user_id=casey.id, reminder_id=world["pills"], day=date(2026, 1, 15),
                                             slot="08:00", answer="taken")])
        db.session.commit()
        found = adherence_for(casey)
    assert (found[7].taken, found[7].due) == (1, 13)
    assert (found[30].taken, found[30].due) == (1, 59)


# ---- The client's pages ----

def test_home_offers_todays_doses_not_answered_yet(app, client, auth, world, time_machine):
    time_machine.move_to(datetime(2026, 1, 15, 21, 0, tzinfo=UTC), tick=False)
    auth.login()
    answer(client, world["pills"], date(2026, 1, 15), "08:00")
    page = client.get("/").get_data(as_text=True)
    assert "Medication today" in page
    assert 'name="time" value="20:00"' in page and f'action="/medication/{world["pills"]}/answer"' in page
    assert 'name="time" value="08:00"' not in page


def test_home_does_not_offer_a_dose_whose_time_has_not_come(app, client, auth, world, time_machine):
    time_machine.move_to(datetime(2026, 1, 15, 7, 0, tzinfo=UTC), tick=False)
    auth.login()
    assert "Medication today" not in client.get("/").get_data(as_text=True)


def test_an_answer_from_home_goes_back_home(app, client, auth, world):
    auth.login()
    response = client.post(f"/medication/{world['pills']}/answer", data={
        "day": today_in_london().isoformat(), "time": "08:00", "answer": "taken", "back": "home"})
    assert response.headers["Location"] == "/"


def test_the_medication_page_shows_today_adherence_and_history(app, client, auth, world, time_machine):
    time_machine.move_to(datetime(2026, 1, 15, 21, 0, tzinfo=UTC), tick=False)
    auth.login()
    with app.app_context():
        db.session.add(MedicationAnswer(user_id=world["casey"], reminder_id=world["pills"], day=date(2026, 1, 10),
                                        slot="20:00", answer="not_today"))
        db.session.commit()
    answer(client, world["pills"], date(2026, 1, 15), "08:00")
    response = client.get("/medication")
    page = response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]
    assert "1 of 14 doses taken" in page and "1 of 60 doses taken" in page
    assert "Not today" in page and "Buprenorphine" in page
    assert "OLI-MEDICATION" not in page


def test_the_history_lists_no_day_before_the_reminder_was_made(app, client, auth, world, time_machine):
    time_machine.move_to(datetime(2026, 1, 15, 21, 0, tzinfo=UTC), tick=False)
    with app.app_context():
        db.session.get(Reminder, world["pills"]).created_at = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
        db.session.commit()
    auth.login()
    page = client.get("/medication").get_data(as_text=True)
    assert "Sat 10 Jan" in page and "Fri 9 Jan" not in page
    assert "0 of 11 doses taken" in page  # from the 10th at 20:00 on


def test_the_medication_page_invites_a_reminder_when_there_is_none(app, client, auth, people):
    auth.login()
    page = client.get("/medication").get_data(as_text=True)
    assert "Add a medication reminder" in page


# ---- Members ----

def test_a_member_with_the_scope_sees_adherence_but_no_medicine(app, client, world, time_machine):
    time_machine.move_to(datetime(2026, 1, 15, 21, 0, tzinfo=UTC), tick=False)
    with app.app_context():
        db.session.add(MedicationAnswer(user_id=world["casey"], reminder_id=world["pills"], day=date(2026, 1, 15),
                                        slot="08:00", answer="taken"))
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    page = client.get(f"/support/{world['casey']}").get_data(as_text=True)
    assert "1 of 14 doses taken" in page
    assert "Buprenorphine" not in page
    assert not any(secret in page for secret in OLI_SECRETS)


def test_a_member_without_the_scope_sees_nothing_of_medication(app, client, world):
    with app.app_context():
        db.session.add(MedicationAnswer(user_id=world["casey"], reminder_id=world["pills"], day=today_in_london(),
                                        slot="08:00", answer="taken"))
        db.session.commit()
    sign_in_as(client, "nia@example.org")
    page = client.get(f"/support/{world['casey']}").get_data(as_text=True)
    assert "Medication" not in page and "doses" not in page and "medication" not in page.lower().replace(
        "medication_", "")
    with app.app_context():
        seen = db.session.scalars(select(ViewRecord.scope).where(ViewRecord.member_id == world["nia"])).all()
    assert "medication" not in seen


@pytest.mark.parametrize(("member", "brought"), [("mia", True), ("nia", False), ("ola", False)])
def test_the_cards_query_reads_the_clients_doses_only_for_a_member_holding_the_scope(app, world, member, brought):
    from recoverynet.medication.member_part import answers_for_member, schedules_for_member
    with app.app_context():
        db.session.add(MedicationAnswer(user_id=world["casey"], reminder_id=world["pills"], day=today_in_london(),
                                        slot="08:00", answer="taken"))
        db.session.commit()
        found = db.session.execute(select(schedules_for_member(world["casey"], world[member]),
                                          answers_for_member(world["casey"], world[member]))).one()
    assert (found[0] != [] and found[1] != []) is brought
    assert (found[0] == [] and found[1] == []) is not brought


def test_the_cards_query_built_once_reads_its_first_day_each_time_it_runs(app, world, monkeypatch):
    from recoverynet.medication import member_part
    answered_on = today_in_london() - timedelta(days=20)
    with app.app_context():
        db.session.add(MedicationAnswer(user_id=world["casey"], reminder_id=world["pills"], day=answered_on,
                                        slot="08:00", answer="taken"))
        db.session.commit()
        query = select(member_part.answers_for_member(world["casey"], world["mia"]))
        shown = []
        for days_later in (0, 15):  # the answer is 20, then 35 days old: in the 31 days read, then not
            monkeypatch.setattr(member_part, "utcnow", lambda: datetime.now(timezone.utc) + timedelta(days=days_later))
            shown.append(db.session.scalar(query))
    assert len(shown[0]) == 1 and shown[1] == []


def test_a_members_view_of_adherence_is_in_who_saw_what(app, client, world):
    sign_in_as(client, "mia@example.org")
    client.get(f"/support/{world['casey']}")
    with app.app_context():
        seen = db.session.execute(select(ViewRecord.scope, ViewRecord.shown)
                                  .where(ViewRecord.client_id == world["casey"],
                                         ViewRecord.member_id == world["mia"])).all()
    assert ("medication", "Medication: doses taken, last 7 and 30 days") in seen


def test_a_member_of_another_client_sees_only_that_clients_adherence(app, client, world):
    sign_in_as(client, "ola@example.org")
    assert client.get(f"/support/{world['casey']}").status_code == 404
    page = client.get(f"/support/{world['oli']}").get_data(as_text=True)
    assert "3 of 7 doses taken" in page or "3 of 6 doses taken" in page  # today's 08:00 may be yet to come


def test_a_removed_member_sees_nothing(app, client, world):
    from recoverynet.network.models import Contact
    with app.app_context():
        card = db.session.scalar(select(Contact).where(Contact.member_id == world["mia"]))
        card.member_id = None
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    assert client.get(f"/support/{world['casey']}").status_code == 404


# ---- The notification ----

def payload_for(app, user_id, reminder_id, sent_at, **person):
    with app.app_context():
        user = db.session.get(User, user_id)
        for name, value in person.items():
            setattr(user, name, value)
        return json.loads(reminder_payload(db.session.get(Reminder, reminder_id), user, sent_at))


def test_the_discreet_medication_push_never_says_medication_and_its_buttons_are_neutral(app, world):
    data = payload_for(app, world["casey"], world["pills"], datetime(2026, 1, 15, 8, 0, tzinfo=UTC))
    shown = " ".join([data["title"], data["body"], data["snooze"], *(b["title"] for b in data["answers"])]).lower()
    assert not any(word in shown for word in ("medication", "buprenorphine", "taken", "dose", "pill"))
    assert not any(word in json.dumps(data).lower() for word in TELLTALE_WORDS)
    assert [button["title"] for button in data["answers"]] == ["Done", "Not today"]


def test_the_detailed_medication_push_says_taken(app, world):
    data = payload_for(app, world["casey"], world["pills"], datetime(2026, 1, 15, 8, 0, tzinfo=UTC),
                       detailed_notifications=True)
    assert "Buprenorphine" in data["body"]
    assert data["answers"] == [{"action": "taken", "title": "Taken"}, {"action": "not_today", "title": "Not today"}]


def test_the_medication_push_names_its_dose(app, world):
    data = payload_for(app, world["casey"], world["pills"], datetime(2026, 1, 15, 20, 0, tzinfo=UTC))
    assert data["dose"] == {"reminder": world["pills"], "day": "2026-01-15", "time": "20:00"}
    assert data["url"] == "/medication"


def test_a_snooze_after_midnight_still_names_the_evenings_dose(app, world):
    data = payload_for(app, world["casey"], world["pills"], datetime(2026, 1, 16, 0, 30, tzinfo=UTC))
    assert data["dose"]["day"] == "2026-01-15" and data["dose"]["time"] == "20:00"


def test_the_dose_of_a_push_on_the_spring_forward_night_is_that_nights():
    reminder = Reminder(kind="medication", times="02:30", lead_minutes=0)
    sent = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 02:30 EST does not exist: sent at 03:30 EDT
    assert dose_at(reminder, sent, "America/New_York") == (date(2026, 3, 8), "02:30")


def test_other_reminders_offer_no_answers(app, world):
    data = payload_for(app, world["casey"], world["checkin"], datetime(2026, 1, 15, 21, 0, tzinfo=UTC))
    assert "answers" not in data and "dose" not in data


def test_the_worker_queues_the_dose_with_the_reminder(app, world, time_machine):
    from recoverynet.push.models import Delivery, PushSubscription
    from recoverynet.reminders.due import queue_due_reminders
    time_machine.move_to(datetime(2026, 1, 15, 19, 0, tzinfo=UTC), tick=False)
    with app.app_context():
        db.session.add(PushSubscription(user_id=world["casey"], endpoint="https://push.example.org/c", p256dh="k",
                                        auth="a"))
        reminder = db.session.get(Reminder, world["pills"])
        reminder.next_due_at = datetime(2026, 1, 15, 20, 0, tzinfo=UTC)
        db.session.commit()
        queue_due_reminders(datetime(2026, 1, 15, 20, 1, tzinfo=UTC))
        body = json.loads(db.session.scalar(select(Delivery.payload).where(Delivery.reminder_id == world["pills"])))
    assert body["dose"] == {"reminder": world["pills"], "day": "2026-01-15", "time": "20:00"}


# ---- Your data ----

def test_the_export_holds_the_persons_answers_only(app, client, auth, world):
    import io
    import zipfile
    auth.login()
    answer(client, world["pills"], today_in_london())
    response = client.post("/settings/data/download")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("data.json"))
    assert [(a["day"], a["time"], a["reminder_title"], a["answer"]) for a in data["medication_answers"]] == [
        (today_in_london().isoformat(), "08:00", "Buprenorphine", "taken")]


def test_deleting_the_account_removes_every_answer(app, world):
    from recoverynet.yourdata.deletion import delete_account
    with app.app_context():
        db.session.add(MedicationAnswer(user_id=world["casey"], reminder_id=world["pills"], day=today_in_london(),
                                        slot="08:00", answer="taken"))
        db.session.commit()
        delete_account(db.session.get(User, world["casey"]))
        db.session.commit()
        left = db.session.scalar(select(func.count()).select_from(MedicationAnswer)
                                 .where(MedicationAnswer.user_id == world["casey"]))
    assert left == 0
    assert oli_snapshot(app, world["oli"]) == world["oli_before"]
