"""The network in each person's own language (issue 16): a client and a member may speak different
languages, and whatever one of them causes the other to read is in the reader's language."""
from datetime import date, timedelta

from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact, ViewRecord
from recoverynet.notifications.models import Notification
from tests.helpers import add_entries, set_sober_since
from tests.network_world import add_member, sign_in_as


def speaks(app, user_id: int, language: str) -> None:
    with app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


def invite_robin(app, client) -> str:
    """The signed-in client puts Robin on the map and asks for an invite link: the invite page."""
    client.post("/network", data={"name": "Robin", "relationship": "friend", "circle": "inner"})
    with app.app_context():
        card_id = db.session.scalar(select(Contact.id))
    return client.post(f"/network/{card_id}/invite").get_data(as_text=True)


def test_a_spanish_speaking_client_sees_the_network_map_in_spanish(app, client, auth, people):
    speaks(app, people["client"], "es")
    auth.login()
    client.post("/network", data={"name": "Robin", "relationship": "sponsor", "circle": "inner"})
    body = client.get("/network").get_data(as_text=True)
    assert '<html lang="es">' in body and "<h1>Tu red</h1>" in body and "El mapa de tu red" in body
    assert "padrino o madrina" in body and "Círculo cercano (máxima confianza)" in body
    assert "Todavía no hay nadie aquí." in body and "Aún no hay ningún profesional de salud" in body


def test_a_member_reads_the_support_page_in_their_own_language_not_the_clients(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "checkins"])
    set_sober_since(app, people["client"], date.today() - timedelta(days=10))
    with app.app_context():
        speaks(app, db.session.scalar(select(User.id).where(User.email == "mia@example.org")), "es")
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert "Casey Client comparte esto contigo en confianza." in body
    assert "días sin consumir" in body and "Próxima meta:" in body and " de " in body.split("Próxima meta:")[1][:80]
    assert "registros" in body and "reuniones" in body and "shares this with you" not in body


def test_who_saw_what_is_written_in_the_clients_language_when_the_member_speaks_another(app, client, people):
    speaks(app, people["client"], "es")
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "mood_summary"])
    set_sober_since(app, people["client"], date.today() - timedelta(days=10))
    sign_in_as(client, "mia@example.org")  # Mia reads English
    assert "shares this with you in confidence" in client.get(f"/support/{people['client']}").get_data(as_text=True)
    with app.app_context():
        shown = dict(db.session.execute(select(ViewRecord.scope, ViewRecord.shown)).all())
    assert shown == {"sober_days": "10 días sin consumir y metas",
                     "mood_summary": "Ánimo y ganas de consumir, últimos 14 días"}


def test_the_client_is_told_in_their_language_that_an_english_speaker_joined(app, client, auth, people):
    speaks(app, people["client"], "es")
    auth.login()
    body = invite_robin(app, client)
    assert "quiere que formes parte de su red de apoyo" in body  # the invite text, in the sender's language
    path = body.split('value="http://localhost', 1)[1].split('"', 1)[0]
    sign_in_as(client, "oli@example.org")  # Oli reads English
    response = client.post(path)
    assert response.status_code == 303
    assert "Welcome to Casey Client&#39;s support network." in client.get(response.headers["Location"]).text
    with app.app_context():
        told = db.session.scalar(select(Notification.text).where(Notification.user_id == people["client"]))
    assert told == "Robin aceptó tu invitación y se unió a tu red. No verá nada hasta que elijas qué compartes."


def test_the_join_page_follows_the_browsers_language_before_anyone_signs_in(app, client, auth, people):
    auth.login()
    path = invite_robin(app, client).split('value="http://localhost', 1)[1].split('"', 1)[0]
    auth.logout()
    body = client.get(path, headers={"Accept-Language": "es-ES,es;q=0.9"}).get_data(as_text=True)
    assert "Casey Client quiere contar contigo" in body and "Crea tu cuenta" in body
    gone = client.get("/join/nonsense", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "No reconocemos este enlace de invitación" in gone


def test_the_invite_pages_copy_button_speaks_the_clients_language(app, client, auth, people):
    speaks(app, people["client"], "es")
    auth.login()
    body = invite_robin(app, client)
    assert ">Copiar enlace</button>" in body
    assert 'data-copied="Enlace copiado. Pégalo en un mensaje para Robin."' in body


def test_a_spanish_speaking_member_reads_built_in_triggers_in_spanish_and_typed_ones_as_typed(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=["trigger_details"])
    add_entries(app, people["client"], 1, triggers=["lonely", "Turno de noche"])
    with app.app_context():
        speaks(app, db.session.scalar(select(User.id).where(User.email == "mia@example.org")), "es")
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert '<span class="tag">soledad ×1</span>' in body and '<span class="tag">soledad</span>' in body
    assert '<span class="tag">Turno de noche</span>' in body and "lonely" not in body
