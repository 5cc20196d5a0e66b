"""The crisis plan, the personal crisis page built from it, and alerting the network."""
import pytest
from sqlalchemy import select

from recoverynet.crisis.models import CrisisAlert, CrisisPlan
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification
from tests.network_world import add_member, sign_in_as

PLAN = {
    "person-0-name": "Jordan", "person-0-day": "07700 900111", "person-0-night": "07700 900222",
    "person-1-name": "Sam", "person-1-day": "07700 900333",
    "pro-0-name": "Community team", "pro-0-day": "01632 960000",
    "sms_message": "Rough moment. Can you ring me?",
    "warning_signs": "Not sleeping\nSkipping meals", "coping_alone": "Cold water on my face\nWalk round the block",
    "distractions": "The library", "reasons": "My daughter",
    "uses_opioids": "on", "naloxone_who": "Jordan", "naloxone_where": "Kitchen drawer", "naloxone_trained": "yes",
}


def plan(app):
    with app.app_context():
        return db.session.scalar(select(CrisisPlan))


def test_the_client_writes_a_plan_with_an_ordered_call_list(app, client, auth, people):
    auth.login()
    assert client.post("/crisis/plan", data=PLAN).status_code == 303
    saved = plan(app)
    assert [(c.name, c.daytime_phone, c.out_of_hours_phone) for c in saved.people] == \
        [("Jordan", "07700 900111", "07700 900222"), ("Sam", "07700 900333", "")]
    assert [c.name for c in saved.professionals] == ["Community team"]
    assert (saved.naloxone_where, saved.naloxone_trained, saved.uses_opioids) == ("Kitchen drawer", "yes", True)


def test_the_plan_form_shows_the_saved_plan(client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    body = client.get("/crisis/plan").get_data(as_text=True)
    assert 'value="Jordan"' in body and "Cold water on my face" in body and 'value="yes" checked' in body


def test_a_person_can_be_picked_from_the_map(app, client, auth, people):
    auth.login()
    client.post("/network", data={"name": "Robin", "relationship": "sponsor", "circle": "inner", "phone": "07700 900444"})
    from recoverynet.network.models import Contact
    with app.app_context():
        contact_id = db.session.scalar(select(Contact.id))
    client.post("/crisis/plan", data={"person-0-contact": str(contact_id)})
    [callee] = plan(app).people
    assert (callee.name, callee.daytime_phone, callee.contact_id) == ("Robin", "07700 900444", contact_id)


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"person-0-name": "Jordan"}, "person-0-day", "Please add a number for Jordan, or clear the row."),
    ({"person-0-day": "07700 900111"}, "person-0-name", "Please add a name for this number."),
    ({"person-0-name": "Jordan", "person-0-day": "call me"}, "person-0-day", "Please enter a phone number"),
])
def test_a_bad_row_is_explained_and_nothing_typed_is_lost(app, client, auth, people, form, field, message):
    auth.login()
    response = client.post("/crisis/plan", data={**form, "reasons": "My daughter"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and f'id="{field}-error"' in body
    assert "My daughter" in body and plan(app) is None


def test_the_crisis_page_has_big_call_and_text_buttons_from_the_plan(client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    response = client.get("/crisis")
    body = response.get_data(as_text=True)
    assert response.headers["X-Crisis-Plan"] == "personal"
    assert 'class="call-button" href="tel:07700900111">Call Jordan' in body
    assert 'href="tel:07700900222">Call Jordan <small>evenings and nights</small>' in body
    assert 'href="sms:07700900111?&amp;body=Rough%20moment.%20Can%20you%20ring%20me%3F">Text Jordan' in body
    assert "Cold water on my face" in body and "Kitchen drawer" in body and 'href="tel:999"' in body


def test_the_crisis_page_works_without_javascript_and_loads_no_htmx(client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    body = client.get("/crisis").get_data(as_text=True)
    assert "htmx-2.0.11.min.js" not in body  # only the small offline helpers, all optional


def test_the_crisis_page_is_generic_when_signed_out(client, people):
    response = client.get("/crisis")
    assert response.headers["X-Crisis-Plan"] == "generic"
    assert b"Jordan" not in response.data and b'href="tel:112"' in response.data


def test_the_plan_shows_when_it_was_last_reviewed(app, client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    assert b"not reviewed yet" in client.get("/crisis").data
    client.post("/crisis/plan/review")
    assert plan(app).reviewed_at is not None
    assert b"last reviewed" in client.get("/crisis").data


def test_saving_the_plan_asks_the_phone_to_refresh_its_copy(client, auth, people):
    auth.login()
    client.get("/")  # the refresh request after signing in is used up here
    response = client.post("/crisis/plan", data=PLAN, follow_redirects=True)
    assert b"data-refresh-crisis" in response.data
    assert b"data-refresh-crisis" not in client.get("/crisis/plan").data


def test_the_alert_button_tells_only_members_who_accepted_crisis_alerts(app, client, people):
    alerted, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["crisis_alerts"])
    quiet, _ = add_member(app, people["client"], "nia@example.org", "Nia", scopes=["sober_days"])
    sign_in_as(client, "casey@example.org")
    assert b"Alert my network" in client.get("/crisis").data
    response = client.post("/crisis/alert", data={"device_id": "0b0f3d8e-1c7a-4c1e-9a53-0f3c3c1d2a99"})
    assert response.headers["Location"] == "/crisis/alerted?n=1"
    with app.app_context():
        texts = {n.user_id: n.text for n in db.session.scalars(select(Notification).where(Notification.kind == "crisis_alert"))}
        assert set(texts) == {alerted} and "has asked for help" in texts[alerted]


def test_an_alert_sent_twice_from_the_outbox_is_recorded_once(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=["crisis_alerts"])
    sign_in_as(client, "casey@example.org")
    for _ in range(2):
        response = client.post("/crisis/alert", data={"device_id": "0b0f3d8e-1c7a-4c1e-9a53-0f3c3c1d2a99"},
                               headers={"Accept": "application/json"})
        assert response.json == {"status": "sent", "notified": 1}
    with app.app_context():
        assert len(db.session.scalars(select(CrisisAlert)).all()) == 1
        assert len(db.session.scalars(select(Notification).where(Notification.kind == "crisis_alert")).all()) == 1


def test_the_alert_button_counts_the_members_who_accepted_crisis_alerts_on_this_map(app, client, people):
    for n, scopes in enumerate((["crisis_alerts"], ["crisis_alerts", "sober_days"], ["sober_days"])):
        add_member(app, people["client"], f"member{n}@example.org", f"Member {n}", scopes=scopes)
    add_member(app, people["other_client"], "elsewhere@example.org", "Elsewhere", scopes=["crisis_alerts"])
    sign_in_as(client, "casey@example.org")
    assert "Tells the 2 people who agreed to crisis alerts" in client.get("/crisis").get_data(as_text=True)


def test_no_alert_button_without_anyone_to_alert(client, auth, people):
    auth.login()
    assert b"Alert my network" not in client.get("/crisis").data


# ---- In each person's language (issue 16) ----

def _speaks(app, user_id, language):
    from recoverynet.auth.models import User
    with app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


def test_a_crisis_alert_reaches_each_member_in_their_own_language(app, client, people):
    """Stored and shown to the member later: written in the member's language, not the client's."""
    spanish, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["crisis_alerts"])
    english, _ = add_member(app, people["client"], "ned@example.org", "Ned", scopes=["crisis_alerts"])
    _speaks(app, spanish, "es")
    _speaks(app, people["client"], "en")
    sign_in_as(client, "casey@example.org")
    client.post("/crisis/alert", data={"device_id": "0b0f3d8e-1c7a-4c1e-9a53-0f3c3c1d2a99"})
    with app.app_context():
        texts = {n.user_id: n.text for n in db.session.scalars(select(Notification))}
    assert texts[spanish] == "Casey Client ha pedido ayuda (alerta). Ponte en contacto ahora, por favor."
    assert texts[english] == "Casey Client has asked for help (crisis alert). Please get in touch now."


def test_the_plan_form_speaks_spanish_and_suggests_the_text_message_in_spanish(app, client, auth, people):
    _speaks(app, people["client"], "es")
    auth.login()
    body = client.get("/crisis/plan").get_data(as_text=True)
    assert "<h1>Mi plan de crisis</h1>" in body and "Persona 1" in body and "Profesional o servicio 3" in body
    assert "Estoy pasando un momento difícil. ¿Me puedes llamar?</textarea>" in body


def test_a_bad_row_is_explained_in_spanish(app, client, auth, people):
    _speaks(app, people["client"], "es")
    auth.login()
    body = client.post("/crisis/plan", data={"person-0-name": "Jordan"}).get_data(as_text=True)
    assert "Agrega un número para Jordan, o deja la fila vacía." in body


def test_the_alert_confirmation_counts_people_in_spanish(app, client, auth, people):
    _speaks(app, people["client"], "es")
    auth.login()
    assert "1 persona ya sabe que necesitas ayuda." in client.get("/crisis/alerted?n=1").get_data(as_text=True)
    assert "3 personas ya saben que necesitas ayuda." in client.get("/crisis/alerted?n=3").get_data(as_text=True)


# ---- The form in closed blocks (issue 15) ----

BLOCK_IDS = ("people", "professionals", "warning_signs", "coping_alone", "distractions", "reasons", "naloxone")


def open_block_ids(body):
    return [name for name in BLOCK_IDS if f'id="block-{name}" open>' in body]


def test_each_block_of_the_plan_form_is_closed_and_says_what_it_holds(client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    body = client.get("/crisis/plan").get_data(as_text=True)
    assert open_block_ids(body) == []
    for summary in ("People to call: Jordan and Sam", "Professional or service: Community team", "Warning signs: 2",
                    "Things I can do on my own: 2", "Place or person that distracts me: 1",
                    "Reason that matters to me: 1", "Naloxone plan: shown on the crisis page"):
        assert f'<span class="block-summary">{summary}</span>' in body, summary


def test_an_empty_plan_form_says_each_block_is_empty(client, auth, people):
    auth.login()
    body = client.get("/crisis/plan").get_data(as_text=True)
    for summary in ("People to call: none yet", "Professionals and services: none yet", "Warning signs: 0",
                    "Naloxone plan: not shown"):
        assert f'<span class="block-summary">{summary}</span>' in body, summary


def test_saving_from_a_block_comes_back_to_that_block_open(client, auth, people):
    auth.login()
    response = client.post("/crisis/plan", data={**PLAN, "block": "reasons"})
    assert response.headers["Location"] == "/crisis/plan?block=reasons#block-reasons"
    assert open_block_ids(client.get(response.headers["Location"]).get_data(as_text=True)) == ["reasons"]


@pytest.mark.parametrize("block", ["", "elsewhere", "//example.org/x"])
def test_a_block_name_that_is_not_the_forms_never_reaches_the_address(client, auth, people, block):
    auth.login()
    assert client.post("/crisis/plan", data={**PLAN, "block": block}).headers["Location"] == "/crisis/plan"


def test_after_a_problem_the_block_with_it_is_open_beside_the_one_the_person_was_in(client, auth, people):
    auth.login()
    response = client.post("/crisis/plan", data={**PLAN, "pro-0-day": "", "block": "reasons"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="pro-0-day-error"' in body
    assert open_block_ids(body) == ["professionals", "reasons"]


def test_the_plan_forms_blocks_speak_spanish_with_plurals(app, client, auth, people):
    _speaks(app, people["client"], "es")
    auth.login()
    client.post("/crisis/plan", data={**PLAN, "reasons": "Mi hija"})
    body = client.get("/crisis/plan").get_data(as_text=True)
    for summary in ("Personas a quienes llamar: Jordan y Sam", "Señales de alerta: 2", "Razón que me importa: 1"):
        assert f'<span class="block-summary">{summary}</span>' in body, summary


def test_back_in_the_block_the_saved_note_is_in_that_block(client, auth, people):
    auth.login()
    body = client.post("/crisis/plan", data={**PLAN, "block": "reasons"}, follow_redirects=True).get_data(as_text=True)
    block = body[body.index('id="block-reasons"'):body.index('id="block-naloxone"')]
    assert body.count("Your crisis plan is saved") == 1 and "Your crisis plan is saved" in block
