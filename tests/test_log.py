"""The mood and trigger log: add, list, page, edit and delete entries."""
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry

DEVICE_ID = "8d6b5f6e-9a6b-4a57-8f0e-3c1f7c1d2a11"


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


def entries(app):
    with app.app_context():
        return db.session.scalars(select(Entry).order_by(Entry.id)).all()


def add_entries(app, user_id, count, start=None):
    start = start or datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    with app.app_context():
        for n in range(count):
            db.session.add(Entry(user_id=user_id, device_id=str(uuid.uuid4()), mood=1 + n % 5,
                                 note=f"entry number {n}", logged_at=start + timedelta(hours=n)))
        db.session.commit()


def test_an_entry_needs_only_a_mood(app, signed_in):
    response = signed_in.post("/log", data={"mood": "4", "device_id": DEVICE_ID})
    assert response.status_code == 303
    [entry] = entries(app)
    assert (entry.mood, entry.craving, entry.trigger_labels) == (4, None, [])


def test_an_entry_keeps_mood_craving_and_triggers(app, signed_in):
    signed_in.post("/log", data={"mood": "2", "craving": "7", "triggers": ["lonely", "payday"]})
    [entry] = entries(app)
    assert (entry.mood, entry.craving, entry.trigger_labels) == (2, 7, ["lonely", "payday"])


def test_an_entry_keeps_the_functional_analysis_detail(app, signed_in):
    detail = {"situation": "Friday after work", "thoughts": "Just one", "feelings": "Restless",
              "people_present": "Old workmates", "coping": "Called my sponsor", "outcome": "on_track",
              "note": "Proud of this one"}
    signed_in.post("/log", data={"mood": "3", **detail})
    [entry] = entries(app)
    assert {name: getattr(entry, name) for name in detail} == detail


def test_the_same_device_id_sent_twice_is_stored_once(app, signed_in):
    for _ in range(2):
        response = signed_in.post("/log", data={"mood": "3", "device_id": DEVICE_ID})
        assert response.status_code == 303
    assert len(entries(app)) == 1


def test_two_clients_may_use_the_same_device_id(app, client, auth, people):
    auth.login()
    client.post("/log", data={"mood": "3", "device_id": DEVICE_ID})
    auth.logout()
    auth.login("oli@example.org")
    client.post("/log", data={"mood": "3", "device_id": DEVICE_ID})
    assert len(entries(app)) == 2


@pytest.mark.parametrize(("form", "field", "message"), [
    ({}, "mood", "Please choose how you feel, from 1 to 5."),
    ({"mood": "9"}, "mood", "Please choose a number from 1 to 5."),
    ({"mood": "3", "craving": "11"}, "craving", "Please choose a number from 0 to 10."),
    ({"mood": "3", "outcome": "fine"}, "outcome", "Please choose one of the outcomes."),
    ({"mood": "3", "logged_at": "2999-01-01T10:00"}, "logged_at", "That time is in the future."),
    ({"mood": "3", "logged_at": "tuesday"}, "logged_at", "Please enter a date and time"),
    ({"mood": "3", "situation": "x" * 2001}, "situation", "under 2000 characters"),
])
def test_a_bad_entry_is_returned_with_the_message_beside_the_field(app, signed_in, form, field, message):
    response = signed_in.post("/log", data={"note": "keep me", "device_id": DEVICE_ID, **form})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body and f'id="{field}-error"' in body
    assert "keep me" in body and DEVICE_ID in body  # nothing typed is lost
    assert entries(app) == []


def test_a_new_trigger_is_saved_as_a_chip_for_next_time(app, signed_in, people):
    signed_in.post("/log", data={"mood": "3", "new_trigger": "Night shift"})
    [entry] = entries(app)
    assert entry.trigger_labels == ["night shift"]
    assert b'value="night shift"' in signed_in.get("/log/new").data


def test_a_trigger_not_offered_to_this_client_is_ignored(app, signed_in):
    signed_in.post("/log", data={"mood": "3", "triggers": ["lonely", "<script>"]})
    assert entries(app)[0].trigger_labels == ["lonely"]


def test_the_list_shows_newest_first(app, signed_in, people):
    add_entries(app, people["client"], 3)
    body = signed_in.get("/log").get_data(as_text=True)
    assert body.index("entry number 2") < body.index("entry number 1") < body.index("entry number 0")


def test_the_list_shows_times_in_the_clients_zone(app, signed_in, people):
    add_entries(app, people["client"], 1, start=datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc))
    assert b"Wed 1 Jul \xc2\xb7 13:00" in signed_in.get("/log").data  # London is UTC+1 in July


def test_the_list_is_paged_and_a_full_page_without_javascript(app, signed_in, people):
    add_entries(app, people["client"], 25)
    first = signed_in.get("/log").get_data(as_text=True)
    assert first.count('class="entry ') == 20 and 'href="/log?page=2"' in first
    second = signed_in.get("/log?page=2").get_data(as_text=True)
    assert second.count('class="entry ') == 5 and "<html" in second and "page=3" not in second


def test_htmx_gets_only_the_next_entries_as_a_fragment(app, signed_in, people):
    add_entries(app, people["client"], 25)
    response = signed_in.get("/log?page=2", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and body.count('class="entry ') == 5
    assert "HX-Request" in response.headers["Vary"]


def test_a_boosted_navigation_gets_the_whole_page(app, signed_in, people):
    response = signed_in.get("/log", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert b"<html" in response.data


def test_an_entry_can_be_edited(app, signed_in):
    signed_in.post("/log", data={"mood": "2", "triggers": ["tired"]})
    entry_id = entries(app)[0].id
    form = signed_in.get(f"/log/{entry_id}/edit").get_data(as_text=True)
    assert 'value="tired" checked' in form
    signed_in.post(f"/log/{entry_id}", data={"mood": "4", "triggers": ["hungry"], "note": "Better now"})
    [entry] = entries(app)
    assert (entry.mood, entry.trigger_labels, entry.note) == (4, ["hungry"], "Better now")


def test_a_bad_edit_changes_nothing_and_keeps_what_was_typed(app, signed_in):
    signed_in.post("/log", data={"mood": "2"})
    entry_id = entries(app)[0].id
    response = signed_in.post(f"/log/{entry_id}", data={"mood": "", "note": "typed text"})
    assert response.status_code == 422 and b"typed text" in response.data
    assert entries(app)[0].mood == 2


def test_an_entry_can_be_deleted_after_confirming(app, signed_in):
    signed_in.post("/log", data={"mood": "2"})
    entry_id = entries(app)[0].id
    assert b"Delete this entry?" in signed_in.get(f"/log/{entry_id}/delete").data
    response = signed_in.post(f"/log/{entry_id}/delete")
    assert response.status_code == 303 and entries(app) == []


def test_deleting_a_client_deletes_their_entries(app, signed_in, people):
    signed_in.post("/log", data={"mood": "2", "triggers": ["tired"]})
    signed_in.post("/log", data={"mood": "3", "new_trigger": "gym"})
    with app.app_context():
        from recoverynet.auth.models import User
        db.session.delete(db.session.get(User, people["client"]))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
        assert db.session.scalar(select(func.count()).select_from(CustomTrigger)) == 0


def test_the_outbox_gets_json_created_then_duplicate(app, signed_in):
    form = {"mood": "3", "device_id": DEVICE_ID, "logged_at": "2026-01-05T21:30:00+00:00"}
    first = signed_in.post("/log", data=form, headers={"Accept": "application/json"})
    again = signed_in.post("/log", data=form, headers={"Accept": "application/json"})
    assert (first.status_code, first.json["status"]) == (201, "created")
    assert (again.status_code, again.json) == (200, {"status": "duplicate", "id": first.json["id"]})
    [entry] = entries(app)
    assert entry.logged_at == datetime(2026, 1, 5, 21, 30, tzinfo=timezone.utc)  # when it was logged, not sent


def test_the_outbox_gets_field_errors_as_json(signed_in):
    response = signed_in.post("/log", data={"craving": "3"}, headers={"Accept": "application/json"})
    assert response.status_code == 422 and "mood" in response.json["errors"]


def test_the_outbox_is_told_when_the_session_is_gone(client, people):
    response = client.post("/log", data={"mood": "3"}, headers={"Accept": "application/json"})
    assert response.status_code == 401 and response.json["error"] == "signed_out"


def test_a_queued_entry_from_a_phone_whose_clock_runs_fast_is_kept_as_now(app, signed_in):
    ahead = (datetime.now(timezone.utc) + timedelta(minutes=40)).isoformat()
    response = signed_in.post("/log", data={"mood": "3", "device_id": DEVICE_ID, "logged_at": ahead},
                              headers={"Accept": "application/json"})
    assert response.status_code == 201
    assert entries(app)[0].logged_at <= datetime.now(timezone.utc)


# ---- In Spanish ----

@pytest.fixture
def in_spanish(app, signed_in, people):
    """Casey, signed in, has chosen Spanish."""
    with app.app_context():
        db.session.get(User, people["client"]).language = "es"
        db.session.commit()
    return signed_in


def test_a_spanish_speaker_sees_built_in_triggers_in_spanish_and_their_own_as_typed(app, in_spanish):
    in_spanish.post("/log", data={"mood": "4", "craving": "7", "triggers": ["lonely"], "new_trigger": "Turno de noche"})
    body = in_spanish.get("/log").get_data(as_text=True)
    assert '<span class="tag">soledad</span>' in body and '<span class="tag">turno de noche</span>' in body
    assert "Ánimo 4 · Bien" in body and "Ganas de consumir 7/10" in body
    assert entries(app)[0].trigger_labels == ["lonely", "turno de noche"]  # stored as the key, shown in Spanish


def test_a_spanish_speakers_history_shows_babels_spanish_dates(app, in_spanish, people):
    add_entries(app, people["client"], 1, start=datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc))
    assert "mié 1 jul · 13:00" in in_spanish.get("/log").get_data(as_text=True)


def test_each_listed_entry_links_to_its_own_edit_page(app, signed_in, people):
    add_entries(app, people["client"], 3)
    body = signed_in.get("/log").get_data(as_text=True)
    links = re.findall(r'id="entry-(\d+)">\s*<a href="([^"]*)"', body)
    assert sorted(int(entry_id) for entry_id, _ in links) == [entry.id for entry in entries(app)]
    assert all(href == f"/log/{entry_id}/edit" for entry_id, href in links)


def test_entries_in_the_same_minute_each_show_that_minute_in_the_readers_zone(app, in_spanish, people):
    with app.app_context():
        db.session.get(User, people["client"]).timezone = "Pacific/Auckland"
        db.session.commit()
    add_entries(app, people["client"], 1, start=datetime(2026, 7, 1, 12, 0, 5, tzinfo=timezone.utc))
    add_entries(app, people["client"], 1, start=datetime(2026, 7, 1, 12, 0, 55, tzinfo=timezone.utc))
    body = in_spanish.get("/log").get_data(as_text=True)
    assert body.count("jue 2 jul · 00:00") == 2  # 12:00 UTC is midnight in Auckland's winter (UTC+12)


def test_a_spanish_speakers_form_error_is_in_spanish(in_spanish):
    body = in_spanish.post("/log", data={"note": "sin ánimo elegido"}).get_data(as_text=True)
    assert "Elige cómo te sientes, del 1 al 5." in body and "Revisa la respuesta marcada más abajo." in body
