"""The weekly network check-in: the schedule and its reminder to every participant, the shared
agenda of one meeting, notes (private ones too) and who may see what.

Casey (the client) lives in Auckland, far from UTC, with the clock frozen on a Thursday evening in
London (Friday morning in Auckland); Oli's network stands beside hers and stays unseen."""
import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.checkins.models import Checkin, CheckinNote, CheckinPlan
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.reminders.due import queue_due_reminders
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import utcnow
from tests.network_world import OLI_SECRETS, add_member, sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")

# 20:00 UTC on Thursday 15 January 2026 is 09:00 on Friday 16 January in Auckland.
FRIDAY = date(2026, 1, 16)
SCHEDULE = {"weekday": "4", "time": "18:30", "mode": "video", "place": "https://meet.example.org/casey",
            "lead_minutes": "60"}


@pytest.fixture
def casey_network(app, people, second_world):
    """Mia takes part, Nia holds the scope but was not chosen, Noa has no scope, Rex was removed,
    Ola belongs to Oli's network."""
    with app.app_context():
        casey = db.session.get(User, people["client"])
        casey.timezone = "Pacific/Auckland"
        db.session.commit()
    ids = {"casey": people["client"], "oli": people["other_client"]}
    ids["mia"], ids["mia_card"] = add_member(app, ids["casey"], "mia@example.org", "Mia Partner", scopes=("checkins",))
    ids["nia"], _ = add_member(app, ids["casey"], "nia@example.org", "Nia Friend", scopes=("checkins",))
    ids["noa"], _ = add_member(app, ids["casey"], "noa@example.org", "Noa Brother", scopes=("sober_days",))
    ids["rex"], rex_card = add_member(app, ids["casey"], "rex@example.org", "Rex Removed", scopes=("checkins",))
    with app.app_context():
        for user_id, zone_name in ((ids["mia"], "America/New_York"),):
            db.session.get(User, user_id).timezone = zone_name
        card = db.session.get(Contact, rex_card)
        card.member_id, card.grants = None, []
        ids["ola"] = db.session.scalar(select(Contact.member_id).where(Contact.client_id == ids["oli"],
                                                                       Contact.member_id.is_not(None)))
        db.session.commit()
    return ids


def schedule(client, ids, **changes):
    data = dict(SCHEDULE, participants=[str(ids["mia"])]) | changes
    return client.post("/checkins/schedule", data=data)


def agenda_url(ids, day=FRIDAY):
    return f"/checkins/{ids['casey']}/{day.isoformat()}"


def test_the_client_schedules_a_weekly_checkin_with_its_reminder(app, client, auth, casey_network):
    auth.login()
    response = schedule(client, casey_network)
    assert response.status_code == 303
    with app.app_context():
        plan = db.session.scalar(select(CheckinPlan).where(CheckinPlan.client_id == casey_network["casey"]))
        assert (plan.weekday, plan.time, plan.mode, plan.member_ids) == (4, "18:30", "video", {casey_network["mia"]})
        reminder = db.session.get(Reminder, plan.reminder_id)
        assert (reminder.user_id, reminder.kind, reminder.weekday, reminder.times, reminder.lead_minutes) == (
            casey_network["casey"], "weekly", 4, "18:30", 60)
        # Friday 18:30 in Auckland, an hour before: 04:30 UTC on Friday the 16th.
        assert reminder.next_due_at == datetime(2026, 1, 16, 4, 30, tzinfo=timezone.utc)


def test_saving_the_schedule_adopts_the_weekly_reminder_already_made_instead_of_doubling_it(
        app, client, auth, casey_network):
    with app.app_context():
        db.session.add(Reminder(user_id=casey_network["casey"], kind="weekly", times="09:00", weekday=0))
        db.session.commit()
    auth.login()
    schedule(client, casey_network)
    schedule(client, casey_network, time="19:00")
    with app.app_context():
        reminders = db.session.scalars(select(Reminder).where(Reminder.kind == "weekly")).all()
        assert [(r.user_id, r.times, r.weekday) for r in reminders] == [(casey_network["casey"], "19:00", 4)]


def test_only_members_with_the_checkins_scope_can_be_chosen_and_the_form_keeps_what_was_typed(
        client, auth, casey_network):
    auth.login()
    page = client.get("/checkins/schedule").get_data(as_text=True)
    assert "Mia Partner" in page and "Nia Friend" in page and "Noa Brother" not in page and "Rex" not in page
    response = schedule(client, casey_network, participants=[str(casey_network["noa"])], place="Cafe Rosa",
                        mode="in_person")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="participants-error">Please choose from the people listed.' in body
    assert 'value="Cafe Rosa"' in body and 'value="18:30"' in body


def test_a_bad_schedule_gets_a_message_beside_each_field(client, auth, casey_network):
    auth.login()
    response = schedule(client, casey_network, weekday="", time="25:00", place="meet.example.org")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="weekday-error">Please choose a day.' in body
    assert 'id="time-error">Please enter a time like 08:30.' in body
    assert 'id="place-error">Please paste the whole video link, starting with https://' in body
    assert 'value="meet.example.org"' in body


def _subscribe(user_id):
    db.session.add(PushSubscription(user_id=user_id, endpoint=f"https://push.example.org/{user_id}",
                                    p256dh="k", auth="a"))


def test_the_weekly_reminder_reaches_every_participant_in_their_own_language_and_quiet_hours(
        app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        mia = db.session.get(User, casey_network["mia"])
        mia.language = "es"
        mia.quiet_start, mia.quiet_end = "22:00", "07:00"  # 04:30 UTC is 23:30 in New York: held
        for user_id in (casey_network["casey"], casey_network["mia"], casey_network["nia"]):
            _subscribe(user_id)
        db.session.commit()
        assert queue_due_reminders(datetime(2026, 1, 16, 4, 31, tzinfo=timezone.utc)) == 1
        sent = {d.user_id: d for d in db.session.scalars(select(Delivery))}
        assert set(sent) == {casey_network["casey"], casey_network["mia"]}  # Nia was not chosen
        to_mia = json.loads(sent[casey_network["mia"]].payload)
        assert (to_mia["title"], to_mia["body"]) == ("Recordatorio", "Se acerca tu registro semanal")
        assert to_mia["url"] == f"/checkins/{casey_network['casey']}/next" and "snooze" not in to_mia
        # Held until her quiet hours end at 07:00 in New York (12:00 UTC); Casey's is not held.
        assert sent[casey_network["mia"]].not_before == datetime(2026, 1, 16, 12, 0, tzinfo=timezone.utc)
        assert sent[casey_network["casey"]].not_before == datetime(2026, 1, 16, 4, 30, tzinfo=timezone.utc)


def test_a_participant_who_chose_detailed_text_reads_the_meeting_time_on_their_own_clock(
        app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        db.session.get(User, casey_network["mia"]).detailed_notifications = True
        _subscribe(casey_network["mia"])
        db.session.commit()
        queue_due_reminders(datetime(2026, 1, 16, 4, 31, tzinfo=timezone.utc))
        # 18:30 on Friday in Auckland is 00:30 on Friday in New York.
        assert json.loads(db.session.scalar(select(Delivery.payload)))["body"] == (
            "The weekly network check-in is at 00:30.")


def test_the_weekly_reminder_is_queued_once_for_each_participant_however_often_the_worker_looks(
        app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        _subscribe(casey_network["mia"])
        db.session.commit()
        for minute in (31, 31, 32):
            queue_due_reminders(datetime(2026, 1, 16, 4, minute, tzinfo=timezone.utc))
        assert len(db.session.scalars(select(Delivery)).all()) == 1


def test_the_weekly_reminder_on_a_lock_screen_is_discreet(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        _subscribe(casey_network["mia"])
        db.session.commit()
        queue_due_reminders(datetime(2026, 1, 16, 4, 31, tzinfo=timezone.utc))
        to_mia = json.loads(db.session.scalar(select(Delivery.payload)))
        assert (to_mia["title"], to_mia["body"]) == ("Reminder", "Your weekly check-in is coming up")


def test_a_participant_whose_scope_was_taken_back_is_no_longer_reminded_or_let_in(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        _subscribe(casey_network["mia"])
        db.session.execute(Grant.__table__.delete().where(Grant.contact_id == casey_network["mia_card"]))
        db.session.commit()
        queue_due_reminders(datetime(2026, 1, 16, 4, 31, tzinfo=timezone.utc))
        assert db.session.scalars(select(Delivery)).all() == []
    sign_in_as(client, "mia@example.org")
    assert client.get(agenda_url(casey_network)).status_code == 404


def test_the_agenda_follows_the_standard_fifteen_minutes_in_order_with_its_time_guide(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    body = client.get(f"/checkins/{casey_network['casey']}/next", follow_redirects=True).get_data(as_text=True)
    order = ["Still open from last time", "Quick wellbeing check", "1–2 minutes", "Wins since last time",
             "2 minutes", "Risks and needs right now", "4 minutes", "Practical tasks: appointments, transport, medication",
             "4 minutes", "Action items: who does what", "2 minutes"]
    places = [body.index(text, body.index(order[n - 1]) if n else 0) for n, text in enumerate(order)]
    assert places == sorted(places)
    assert "Friday 16 January" in body and "Join the video call" in body


def test_the_next_agenda_opens_on_the_meeting_day_and_until_then(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network, weekday="0")  # Mondays: the next is Monday 19 January in Auckland
    response = client.get(f"/checkins/{casey_network['casey']}/next")
    assert response.headers["Location"].endswith("/2026-01-19")


def test_a_participant_adds_an_agenda_point_before_the_meeting_with_their_name(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network, weekday="0")
    sign_in_as(client, "mia@example.org")
    url = agenda_url(casey_network, date(2026, 1, 19))
    assert "Add a point for the agenda" in client.get(url).get_data(as_text=True)
    response = client.post(url + "/notes", data={"section": "practical", "text": "Lift to the clinic on Tuesday"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/2026-01-19#section-practical")
    body = client.get(url).get_data(as_text=True)
    assert "Lift to the clinic on Tuesday" in body and "Mia Partner" in body
    with app.app_context():
        note = db.session.scalar(_caseys(select(CheckinNote), casey_network))
        assert (note.section, note.author_id, note.private) == ("practical", casey_network["mia"], False)


def test_a_private_note_is_seen_by_the_client_only(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    client.post(agenda_url(casey_network) + "/notes", data={"section": "risks", "text": "PRIVATE-WORRY",
                                                            "private": "on"})
    client.post(agenda_url(casey_network) + "/notes", data={"section": "risks", "text": "Shared worry"})
    assert "PRIVATE-WORRY" in client.get(agenda_url(casey_network)).get_data(as_text=True)
    for email in ("mia@example.org", "nia@example.org"):
        sign_in_as(client, email)
        body = client.get(agenda_url(casey_network)).get_data(as_text=True)
        assert "Shared worry" in body and "PRIVATE-WORRY" not in body


def test_a_member_cannot_make_a_note_private(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    sign_in_as(client, "mia@example.org")
    client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "A good week", "private": "on"})
    with app.app_context():
        assert db.session.scalar(_caseys(select(CheckinNote.private), casey_network)) is False


def test_a_member_with_the_scope_who_does_not_take_part_reads_past_checkins_but_adds_nothing(
        app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network, weekday="3")  # Thursdays: yesterday's was the 15th
    with app.app_context():
        checkin = Checkin(client_id=casey_network["casey"], held_on=date(2026, 1, 15))
        db.session.add(checkin)
        db.session.flush()
        db.session.add_all([CheckinNote(checkin_id=checkin.id, section="wins", author_id=casey_network["casey"],
                                        text="Ten days"),
                            CheckinNote(checkin_id=checkin.id, section="wins", author_id=casey_network["casey"],
                                        text="PRIVATE-PAST", private=True)])
        db.session.commit()
    sign_in_as(client, "nia@example.org")
    overview = client.get(f"/checkins/{casey_network['casey']}").get_data(as_text=True)
    assert "Thursday 15 January 2026" in overview
    past = client.get(agenda_url(casey_network, date(2026, 1, 15))).get_data(as_text=True)
    assert "Ten days" in past and "PRIVATE-PAST" not in past and 'name="text"' not in past
    assert client.post(agenda_url(casey_network, date(2026, 1, 15)) + "/notes",
                       data={"section": "wins", "text": "x"}).status_code == 404


@pytest.mark.parametrize("email", ["noa@example.org", "rex@example.org", "ola@example.org", "oli@example.org"])
def test_anyone_without_the_scope_in_this_network_gets_what_a_stranger_gets(client, auth, casey_network, email):
    auth.login()
    schedule(client, casey_network)
    client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "CASEY-WIN"})
    sign_in_as(client, email)
    base = f"/checkins/{casey_network['casey']}"
    for url in (base, base + "/next", agenda_url(casey_network), agenda_url(casey_network, date(2030, 1, 1))):
        response = client.get(url)
        assert response.status_code == 404 and b"CASEY-WIN" not in response.data, url
    assert client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "x"}).status_code == 404


def test_no_day_but_the_next_meeting_or_a_held_one_opens(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    assert client.get(agenda_url(casey_network, date(2026, 1, 23))).status_code == 404
    assert client.get(f"/checkins/{casey_network['casey']}/not-a-day").status_code == 404
    assert client.post(agenda_url(casey_network, date(2026, 1, 23)) + "/notes",
                       data={"section": "wins", "text": "x"}).status_code == 404


def test_an_empty_note_gets_a_message_beside_it_in_its_own_section(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    response = client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "  "})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="text-wins-error">Please write a few words first.' in body and 'id="text-risks-error"' not in body


def test_a_too_long_note_is_refused_and_the_text_is_kept(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    long_text = "word " * 120
    body = client.post(agenda_url(casey_network) + "/notes",
                       data={"section": "wins", "text": long_text}).get_data(as_text=True)
    assert "Please keep this under 500 characters." in body and long_text.strip() in body


def test_with_htmx_adding_a_note_returns_only_its_section(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    response = client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "Slept well"},
                           headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith("<section")
    assert 'id="section-wins"' in body and "Slept well" in body and 'id="section-risks"' not in body


def test_notes_added_from_two_phones_from_the_same_page_are_both_kept(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    mia_phone = app.test_client()
    mia_phone.post("/login", data={"email": "mia@example.org", "password": "correct horse battery"})
    # Both phones opened the empty agenda before either wrote: neither overwrites the other.
    client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "From Casey"})
    mia_phone.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "From Mia"})
    with app.app_context():
        assert sorted(db.session.scalars(_caseys(select(CheckinNote.text), casey_network))) == ["From Casey", "From Mia"]
        assert len(db.session.scalars(select(Checkin).where(Checkin.client_id == casey_network["casey"])).all()) == 1


def _caseys(query, ids):
    """Only Casey's rows: Oli's world has a check-in of its own."""
    return query.join(Checkin, Checkin.id == CheckinNote.checkin_id).where(Checkin.client_id == ids["casey"])


def _note_id(app, ids):
    with app.app_context():
        return db.session.scalar(_caseys(select(CheckinNote.id), ids))


def test_an_edit_of_a_note_changed_since_it_was_opened_is_refused_keeping_the_typed_text(
        app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "First words"})
    edit = f"/checkins/{casey_network['casey']}/notes/{_note_id(app, casey_network)}"
    assert 'name="version" value="1"' in client.get(edit + "/edit").get_data(as_text=True)
    assert client.post(edit, data={"text": "Second phone's words", "version": "1"}).status_code == 303
    response = client.post(edit, data={"text": "First phone's words", "version": "1"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed on another phone" in body
    assert "Second phone&#39;s words" in body and "First phone&#39;s words</textarea>" in body
    assert 'name="version" value="2"' in body
    with app.app_context():
        assert db.session.scalar(_caseys(select(CheckinNote.text), casey_network)) == "Second phone's words"


def test_only_the_author_may_change_a_note(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    client.post(agenda_url(casey_network) + "/notes", data={"section": "wins", "text": "Casey's"})
    sign_in_as(client, "mia@example.org")
    edit = f"/checkins/{casey_network['casey']}/notes/{_note_id(app, casey_network)}"
    assert client.get(edit + "/edit").status_code == 404
    assert client.post(edit, data={"text": "Mia's now", "version": "1"}).status_code == 404


def test_oli_sees_nothing_of_caseys_checkins_and_casey_nothing_of_olis(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    body = client.get(f"/checkins/{casey_network['casey']}/next", follow_redirects=True).get_data(as_text=True)
    assert [secret for secret in OLI_SECRETS if secret in body] == []
    assert client.get(f"/checkins/{casey_network['oli']}").status_code == 404


def _download(client, email):
    import io
    import zipfile
    sign_in_as(client, email)
    response = client.post("/settings/data/download")
    return json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("data.json"))


def _a_held_checkin(client, auth, ids):
    auth.login()
    schedule(client, ids)
    client.post(agenda_url(ids) + "/notes", data={"section": "risks", "text": "CASEY-PRIVATE", "private": "on"})
    sign_in_as(client, "mia@example.org")
    client.post(agenda_url(ids) + "/notes", data={"section": "wins", "text": "MIA-WROTE"})
    client.post(agenda_url(ids) + "/items", data={"what": "MIA-ITEM", "owner_id": str(ids["mia"]),
                                                  "due_on": "2026-01-20"})


def test_the_clients_export_holds_her_checkins_with_private_notes_and_items(client, auth, casey_network):
    _a_held_checkin(client, auth, casey_network)
    data = _download(client, "casey@example.org")
    assert data["checkin_plan"]["participants"] == ["Mia Partner"] and data["checkin_plan"]["time"] == "18:30"
    [checkin] = data["checkins"]
    assert checkin["held_on"] == "2026-01-16"
    assert [(n["text"], n["private"], n["author_name"]) for n in checkin["notes"]] == [
        ("CASEY-PRIVATE", True, "Casey Client"), ("MIA-WROTE", False, "Mia Partner")]
    assert [(i["what"], i["owner_name"], i["due_on"]) for i in checkin["action_items"]] == [
        ("MIA-ITEM", "Mia Partner", "2026-01-20")]


def test_a_members_export_holds_what_they_wrote_and_nothing_else_of_the_agenda(client, auth, casey_network):
    _a_held_checkin(client, auth, casey_network)
    data = _download(client, "mia@example.org")
    assert [(n["client_name"], n["held_on"], n["text"]) for n in data["checkin_notes_written"]] == [
        ("Casey Client", "2026-01-16", "MIA-WROTE")]
    assert [(i["client_name"], i["what"]) for i in data["action_items_owned"]] == [("Casey Client", "MIA-ITEM")]
    assert data["checkins"] == [] and data["checkin_plan"] is None and "CASEY-PRIVATE" not in json.dumps(data)


def test_deleting_the_client_leaves_no_checkin_row(app, client, auth, casey_network):
    from recoverynet.checkins.models import ActionItem, CheckinParticipant
    from recoverynet.yourdata.deletion import delete_account
    _a_held_checkin(client, auth, casey_network)
    with app.app_context():
        delete_account(db.session.get(User, casey_network["casey"]))
        db.session.commit()
        assert db.session.scalars(select(CheckinPlan.client_id)).all() == [casey_network["oli"]]
        assert db.session.scalars(select(Checkin.client_id)).all() == [casey_network["oli"]]
        assert db.session.scalars(select(CheckinNote.text)).all() == ["OLI-CHECKIN-NOTE"]
        assert db.session.scalars(select(ActionItem.what)).all() == ["OLI-ACTION-ITEM"]
        assert db.session.scalars(select(CheckinParticipant.member_id)).all() == [casey_network["ola"]]


def test_a_deleted_members_notes_and_items_stay_as_from_a_former_member(app, client, auth, casey_network):
    from recoverynet.checkins.models import ActionItem, CheckinParticipant
    from recoverynet.yourdata.deletion import delete_account
    _a_held_checkin(client, auth, casey_network)
    with app.app_context():
        delete_account(db.session.get(User, casey_network["mia"]))
        db.session.commit()
        assert db.session.scalars(select(CheckinParticipant.member_id)).all() == [casey_network["ola"]]
        assert db.session.scalar(select(CheckinNote.author_id).where(CheckinNote.text == "MIA-WROTE")) is None
        item = db.session.scalar(select(ActionItem).where(ActionItem.what == "MIA-ITEM"))
        assert (item.owner_id, item.created_by_id) == (None, None)
    sign_in_as(client, "casey@example.org")
    body = client.get(agenda_url(casey_network)).get_data(as_text=True)
    assert "MIA-WROTE" in body and "MIA-ITEM" in body and "a former member" in body
