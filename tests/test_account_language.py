"""The account pages, their emails and errors speak the person's language: sign-up and a first
sign-in keep the language of the page they were made on, and an email goes out in its
recipient's language, not in the language of whoever asked for it (issue 16)."""
import re

from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from tests.helpers import PASSWORD, queued_emails

SPANISH_BROWSER = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}
SIGNUP = {"email": "sam@example.org", "password": "a long passphrase", "display_name": "Sam",
          "timezone": "Europe/Madrid", "country": "ES"}
ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/126.0.0.0 Mobile Safari/537.36")


def language_of(app, email: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.language).where(User.email == email))


def set_language(app, user_id: int, language: str | None) -> None:
    with app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


def test_signing_up_keeps_the_language_of_the_sign_up_page(app, client):
    client.post("/signup", data=SIGNUP, headers=SPANISH_BROWSER)
    assert language_of(app, "sam@example.org") == "es"


def test_signing_up_after_the_language_switch_keeps_the_switchs_language(app, client):
    client.set_cookie("lang", "es")
    client.post("/signup", data=SIGNUP)
    assert language_of(app, "sam@example.org") == "es"


def test_a_first_sign_in_keeps_the_language_of_the_sign_in_page(app, client, people):
    client.post("/login", data={"email": "casey@example.org", "password": PASSWORD}, headers=SPANISH_BROWSER)
    assert language_of(app, "casey@example.org") == "es"


def test_signing_in_never_changes_a_language_the_person_chose(app, client, people):
    set_language(app, people["client"], "en")
    client.post("/login", data={"email": "casey@example.org", "password": PASSWORD}, headers=SPANISH_BROWSER)
    assert language_of(app, "casey@example.org") == "en"


def test_the_confirmation_email_is_in_the_language_of_the_sign_up_page(app, client):
    client.post("/signup", data=SIGNUP, headers=SPANISH_BROWSER)
    (email,) = queued_emails(app, "sam@example.org")
    assert email.subject == "Confirma tu cuenta de RecoveryNet"
    assert email.body.startswith("Hola, Sam:") and "abre este enlace" in email.body


def test_a_reset_email_is_in_its_recipients_language_not_the_askers(app, client, people):
    set_language(app, people["client"], "es")
    client.post("/forgot", data={"email": "casey@example.org"})  # asked from an English page
    client.post("/forgot", data={"email": "oli@example.org"}, headers=SPANISH_BROWSER)  # Oli never chose
    (spanish,) = queued_emails(app, "casey@example.org")
    (english,) = queued_emails(app, "oli@example.org")
    assert spanish.subject == "Elige una nueva contraseña de RecoveryNet" and "Hola, Casey Client:" in spanish.body
    assert english.subject == "Reset your RecoveryNet password" and "Hello Oli Other," in english.body


def test_someone_else_signing_up_with_your_address_is_told_in_your_language(app, client, people):
    set_language(app, people["client"], "es")
    client.post("/signup", data={**SIGNUP, "email": "casey@example.org"})  # an English page
    (email,) = queued_emails(app, "casey@example.org")
    assert email.subject == "Alguien intentó crear una cuenta con tu correo electrónico"
    assert language_of(app, "casey@example.org") == "es"


def test_the_sign_in_page_and_its_error_speak_spanish(client, people):
    page = client.get("/login", headers=SPANISH_BROWSER).get_data(as_text=True)
    assert "<h1>Iniciar sesión</h1>" in page and "¿Olvidaste tu contraseña?" in page
    wrong = client.post("/login", data={"email": "casey@example.org", "password": "not it"}, headers=SPANISH_BROWSER)
    assert "Ese correo y esa contraseña no coinciden con ninguna cuenta." in wrong.get_data(as_text=True)


def test_the_shared_forms_errors_and_zxcvbns_reasons_speak_spanish(client):
    page = client.post("/signup", data={**SIGNUP, "email": "not an address", "password": "password123"},
                       headers=SPANISH_BROWSER).get_data(as_text=True)
    assert "Eso no parece un correo electrónico." in page
    assert "Esa contraseña es de las más comunes, así que es fácil de adivinar." in page
    assert "Revisa las respuestas marcadas más abajo." in page


def test_the_country_choice_names_countries_in_the_pages_language(client):
    spanish = client.get("/signup", headers=SPANISH_BROWSER).get_data(as_text=True)
    english = client.get("/signup").get_data(as_text=True)
    assert '<option value="ES">España</option>' in spanish and '<option value="MX">México</option>' in spanish
    assert '<option value="ES">Spain</option>' in english


def test_settings_words_a_device_in_the_readers_language(app, client, people):
    set_language(app, people["client"], "es")
    client.post("/login", data={"email": "casey@example.org", "password": PASSWORD},
                headers={"User-Agent": ANDROID_CHROME})
    page = client.get("/settings").get_data(as_text=True)
    assert "<strong>Chrome en Android</strong>" in page and "Dónde tienes la sesión iniciada" in page
    set_language(app, people["client"], "en")
    assert "<strong>Chrome on Android</strong>" in client.get("/settings").get_data(as_text=True)


def test_an_error_page_speaks_the_visitors_language(client):
    page = client.get("/no-such-page", headers=SPANISH_BROWSER).get_data(as_text=True)
    assert "<title>Página no encontrada · RecoveryNet</title>" in page
    assert "<h1>No encontramos esa página</h1>" in page and "Puede que se haya movido o borrado." in page


def test_the_throttle_counts_its_wait_in_the_pages_language(app, client, people):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = 1
    for _ in range(2):
        client.post("/login", data={"email": "casey@example.org", "password": "not it"})
    slowed = client.post("/login", data={"email": "casey@example.org", "password": "not it"},
                         headers=SPANISH_BROWSER)
    assert slowed.status_code == 429
    # "1 segundo" or "2 segundos": the real time left, counted in Spanish.
    assert re.search(r"Demasiados intentos de iniciar sesión\. Espera (1 segundo|\d+ segundos) y vuelve",
                     slowed.get_data(as_text=True))


def test_an_error_page_speaks_the_signed_in_persons_language_whatever_the_browser(app, client, auth, people):
    set_language(app, people["client"], "es")
    auth.login()
    page = client.get("/no-such-page").get_data(as_text=True)
    assert '<html lang="es">' in page and "<h1>No encontramos esa página</h1>" in page
