"""The client's own triggers: renamed, hidden, shown again and deleted, while every entry keeps
the words it was logged with."""
import pytest
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry
from tests.network_world import add_member, sign_in_as


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


@pytest.fixture
def night_shift(app, signed_in):
    """Casey logged an entry with a trigger of her own, "night shift": its id."""
    signed_in.post("/log", data={"mood": "2", "new_trigger": "night shift"})
    with app.app_context():
        return db.session.scalar(select(CustomTrigger.id))


def own_triggers(app) -> list[tuple[str, bool]]:
    with app.app_context():
        return [(t.label, t.hidden) for t in db.session.scalars(select(CustomTrigger).order_by(CustomTrigger.id))]


def first_entry_triggers(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(Entry).order_by(Entry.id)).first().trigger_labels


def offered_chips(client) -> str:
    return client.get("/log/new").get_data(as_text=True).split('<fieldset class="chips">')[1].split("</fieldset>")[0]


def test_the_triggers_page_lists_the_clients_own_triggers(signed_in, night_shift):
    body = signed_in.get("/log/triggers").get_data(as_text=True)
    assert "<strong>night shift</strong>" in body and 'New words for “night shift”' in body


def test_the_log_form_links_to_the_triggers_page_once_the_client_has_one(signed_in, night_shift):
    assert 'href="/log/triggers"' in offered_chips(signed_in)


def test_the_log_form_has_no_link_while_the_client_has_no_triggers_of_their_own(signed_in):
    assert 'href="/log/triggers"' not in offered_chips(signed_in)


def test_settings_link_to_the_triggers_page(signed_in):
    assert 'href="/log/triggers"' in signed_in.get("/settings").get_data(as_text=True)


def test_a_renamed_trigger_is_offered_by_its_new_words(app, signed_in, night_shift):
    response = signed_in.post(f"/log/triggers/{night_shift}/rename", data={"label": "Late shifts"})
    assert response.status_code == 303
    assert own_triggers(app) == [("late shifts", False)]
    assert 'value="late shifts"' in offered_chips(signed_in) and "night shift" not in offered_chips(signed_in)


def test_renaming_says_past_entries_keep_their_words(signed_in, night_shift):
    response = signed_in.post(f"/log/triggers/{night_shift}/rename", data={"label": "late shifts"},
                              follow_redirects=True)
    assert "Renamed to “late shifts”. Entries you already logged keep their words." in response.get_data(
        as_text=True)


def test_a_past_entry_keeps_the_words_it_was_logged_with_after_a_rename(app, signed_in, night_shift):
    signed_in.post(f"/log/triggers/{night_shift}/rename", data={"label": "late shifts"})
    assert own_triggers(app) == [("late shifts", False)]
    assert first_entry_triggers(app) == ["night shift"]
    assert "night shift" in signed_in.get("/log").get_data(as_text=True)


def test_a_member_allowed_to_see_triggers_sees_the_entrys_original_words(app, client, people, night_shift):
    client.post(f"/log/triggers/{night_shift}/rename", data={"label": "late shifts"})
    assert own_triggers(app) == [("late shifts", False)]
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=["trigger_details"])
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert "night shift" in body and "late shifts" not in body


@pytest.mark.parametrize("label, message", [
    ("", "Please type the new words for this trigger."),
    ("x" * 41, "Please keep this under 40 characters."),
    ("Lonely", "You already have a trigger called “lonely”."),
])
def test_a_rename_that_cannot_be_saved_shows_why_beside_the_field(app, signed_in, night_shift, label, message):
    response = signed_in.post(f"/log/triggers/{night_shift}/rename", data={"label": label})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="field-error" id="label-{night_shift}-error">{message}</p>' in body
    assert own_triggers(app) == [("night shift", False)]


def test_a_rename_to_another_own_trigger_is_refused(app, signed_in, night_shift):
    signed_in.post("/log", data={"mood": "3", "new_trigger": "payday loans"})
    response = signed_in.post(f"/log/triggers/{night_shift}/rename", data={"label": "payday loans"})
    assert response.status_code == 422 and "You already have a trigger called “payday loans”." in response.get_data(
        as_text=True)


def test_a_hidden_trigger_is_not_offered_on_the_log_form(app, signed_in, night_shift):
    response = signed_in.post(f"/log/triggers/{night_shift}/hide", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "“night shift” is hidden from the log form. You can show it again here." in body
    assert "night shift" not in offered_chips(signed_in)
    assert own_triggers(app) == [("night shift", True)]


def test_a_hidden_trigger_can_be_shown_again(app, signed_in, night_shift):
    signed_in.post(f"/log/triggers/{night_shift}/hide")
    response = signed_in.post(f"/log/triggers/{night_shift}/show", follow_redirects=True)
    assert "“night shift” is back on the log form." in response.get_data(as_text=True)
    assert 'value="night shift"' in offered_chips(signed_in)


def test_typing_a_hidden_trigger_again_brings_it_back(app, signed_in, night_shift):
    signed_in.post(f"/log/triggers/{night_shift}/hide")
    response = signed_in.post("/log", data={"mood": "3", "new_trigger": "night shift"})
    assert response.status_code == 303
    assert own_triggers(app) == [("night shift", False)]


def test_a_deleted_trigger_is_gone_but_past_entries_keep_it(app, signed_in, night_shift):
    response = signed_in.post(f"/log/triggers/{night_shift}/delete", follow_redirects=True)
    assert "“night shift” is deleted. Entries you already logged keep it." in response.get_data(as_text=True)
    assert own_triggers(app) == [] and first_entry_triggers(app) == ["night shift"]


def test_editing_an_entry_keeps_a_trigger_renamed_since(app, signed_in, night_shift):
    signed_in.post(f"/log/triggers/{night_shift}/rename", data={"label": "late shifts"})
    with app.app_context():
        entry_id = db.session.scalar(select(Entry.id))
    edit_page = signed_in.get(f"/log/{entry_id}/edit").get_data(as_text=True)
    assert 'value="night shift" checked' in edit_page
    signed_in.post(f"/log/{entry_id}", data={"mood": "4", "triggers": ["night shift"]})
    assert first_entry_triggers(app) == ["night shift"]


@pytest.mark.parametrize("action", ["rename", "hide", "show", "delete"])
def test_another_clients_trigger_cannot_be_changed(app, client, people, night_shift, action):
    sign_in_as(client, "oli@example.org")
    assert client.post(f"/log/triggers/{night_shift}/{action}", data={"label": "mine"}).status_code == 404
    assert own_triggers(app) == [("night shift", False)]


def test_the_triggers_page_says_how_to_add_one_when_there_are_none(signed_in):
    assert "You haven't added a trigger of your own yet." in signed_in.get("/log/triggers").get_data(as_text=True)
