"""What the form fuzz found (tests/test_fuzz_forms.py), one test each, so a regression is named."""
import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import LoginAttempt, User
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry
from recoverynet.network.models import Contact


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_nul_character_in_an_entry_is_refused_with_a_clear_page_and_nothing_saved(app, signed_in):
    # PostgreSQL can't store NUL in text; SQLite would have kept it, so the two differed.
    response = signed_in.post("/log", data={"mood": "3", "note": "fine\x00today"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "a hidden character" in body and 'class="crisis-link"' in body
    assert count(app, Entry) == 0


def test_a_nul_character_sent_by_the_offline_outbox_gets_a_json_message(app, signed_in):
    response = signed_in.post("/log", data={"mood": "3", "note": "\x00"}, headers={"Accept": "application/json"})
    assert response.status_code == 400 and "hidden character" in response.json["message"]


def test_a_nul_character_in_the_sign_in_email_gets_a_clear_page(client, people):
    response = client.post("/login", data={"email": "casey@example.org\x00", "password": "whatever it is"})
    assert response.status_code == 400
    assert "a hidden character" in response.get_data(as_text=True)


def test_a_record_number_too_big_for_the_database_is_not_found(signed_in):
    assert signed_in.post("/log/9223372036854775808", data={"mood": "3"}).status_code == 404
    assert signed_in.get("/network/99999999999999999999999").status_code == 404
    assert signed_in.get("/log/2147483648/edit").status_code == 404  # ids are 32-bit on PostgreSQL


def test_signing_out_a_device_numbered_in_another_script_changes_nothing(signed_in):
    # "²" passed str.isdigit(), then int("²") raised: a 500.
    response = signed_in.post("/settings/devices/sign-out", data={"session_id": "²"})
    assert response.status_code == 303
    assert signed_in.get("/settings").status_code == 200  # still signed in


def test_a_crisis_plan_contact_pick_in_another_script_is_ignored(app, signed_in):
    response = signed_in.post("/crisis/plan", data={"warning_signs": "Tired", "person-0-contact": "²",
                                                    "person-0-name": "Sam", "person-0-day": "07700 900123"})
    assert response.status_code == 303
    with app.app_context():
        plan = db.session.scalar(select(CrisisPlan))
        assert [(c.name, c.contact_id) for c in plan.callees] == [("Sam", None)]


def test_a_custom_trigger_that_grows_when_lowercased_is_refused(app, signed_in):
    # 40 × "İ" is 80 characters once lowercased: over the column's 40, which PostgreSQL enforces.
    response = signed_in.post("/log", data={"mood": "3", "new_trigger": "İ" * 40})
    assert response.status_code == 422
    assert "under 40 characters" in response.get_data(as_text=True)
    assert count(app, CustomTrigger) == 0 and count(app, Entry) == 0


def test_a_contact_card_with_a_nul_in_its_name_keeps_the_card_as_it_was(app, signed_in, people):
    with app.app_context():
        card = Contact(client_id=people["client"], name="Sam")
        db.session.add(card)
        db.session.commit()
        card_id = card.id
    response = signed_in.post(f"/network/{card_id}", data={"name": "S\x00m", "relationship": "friend"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Contact, card_id).name == "Sam"


def test_a_sign_in_with_an_overlong_email_records_no_more_than_the_column_holds(app, client):
    # PostgreSQL refuses a 300-character value in the 254-character column: that was a 500.
    response = client.post("/login", data={"email": "a" * 300 + "@example.org", "password": "whatever it is"})
    assert response.status_code == 422
    with app.app_context():
        stored = db.session.scalars(select(LoginAttempt.email)).all()
    assert stored and all(len(email) <= 254 for email in stored)


def test_a_signup_email_that_grows_past_254_when_lowercased_is_refused(app, client):
    email = "İ" * 130 + "@example.org"  # 142 characters as typed, 272 once lowercased
    response = client.post("/signup", data={"email": email, "password": "a long passphrase here",
                                            "display_name": "Sam", "timezone": "Europe/London", "country": "GB"})
    assert response.status_code == 422
    assert "under 254 characters" in response.get_data(as_text=True)
    assert count(app, User) == 0


def test_a_crisis_plan_contact_pick_too_long_for_a_number_is_ignored(app, signed_in):
    # int() refuses more than 4,300 digits: "9" * 5000 passed isdecimal() and then raised.
    response = signed_in.post("/crisis/plan", data={"person-0-contact": "9" * 5000, "person-0-name": "Sam",
                                                    "person-0-day": "07700 900123"})
    assert response.status_code == 303


@pytest.mark.parametrize("up_to", ["²", "9" * 5000, "99999999999999999999"])
def test_marking_notifications_read_up_to_a_number_that_is_not_one_changes_nothing(signed_in, up_to):
    assert signed_in.post("/notifications/read", data={"up_to": up_to}).status_code == 303


def test_a_log_page_number_too_big_for_the_database_shows_an_empty_page(signed_in):
    response = signed_in.get("/log?page=99999999999999999999")
    assert response.status_code == 200
