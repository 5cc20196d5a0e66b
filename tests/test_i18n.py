"""Each person's language: who decides it, the signed-out switch, Settings, the scripts' sentences,
and Babel's dates and numbers (recoverynet/i18n.py, templating.py)."""
import json
import re
from datetime import date, datetime, timezone

import pytest

from recoverynet.auth.models import User
from recoverynet.extensions import db

SPANISH_BROWSER = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def set_language(app, user_id: int, language: str | None) -> None:
    with app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


def test_a_page_is_english_when_the_browser_names_no_language(client):
    response = client.get("/login")
    assert page_language(response) == "en"
    assert "Skip to content" in response.get_data(as_text=True)


def test_the_browsers_language_decides_before_anyone_chooses(client):
    response = client.get("/login", headers=SPANISH_BROWSER)
    assert page_language(response) == "es"
    assert "Saltar al contenido" in response.get_data(as_text=True)


def test_a_language_we_do_not_speak_falls_back_to_english(client):
    assert page_language(client.get("/login", headers={"Accept-Language": "de-DE,fr;q=0.8"})) == "en"


def test_the_signed_out_switch_remembers_the_language_and_goes_back(client):
    response = client.post("/language", data={"lang": "es", "next": "/signup"})
    assert response.status_code == 303 and response.headers["Location"] == "/signup"
    assert page_language(client.get("/signup")) == "es"


def test_the_switch_beats_the_browsers_language(client):
    client.post("/language", data={"lang": "en", "next": "/login"})
    assert page_language(client.get("/login", headers=SPANISH_BROWSER)) == "en"


@pytest.mark.parametrize("value", ["xx", "", "ES_es_es", "../es", "a" * 500])
def test_an_unknown_lang_value_changes_nothing(client, value):
    response = client.post("/language", data={"lang": value, "next": "/login"})
    assert response.status_code == 303 and "Set-Cookie" not in response.headers
    assert page_language(client.get("/login")) == "en"


def test_an_unknown_lang_cookie_falls_back_to_the_browsers_language(client):
    client.set_cookie("lang", "klingon")
    assert page_language(client.get("/login", headers=SPANISH_BROWSER)) == "es"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", ""])
def test_the_switch_goes_back_only_to_a_page_of_this_site(client, target):
    response = client.post("/language", data={"lang": "es", "next": target})
    assert response.headers["Location"] == "/"


def test_the_switch_on_a_page_shown_after_a_post_goes_back_to_a_page_that_answers_a_get(client):
    # A sign-in with a wrong password shows /login again; /login answers a GET.
    page = client.post("/login", data={"email": "nobody@example.org", "password": "wrong"}).get_data(as_text=True)
    assert re.search(r'name="next" value="/login"', page)


def test_signed_out_pages_show_the_switch_with_each_language_in_its_own_words(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'class="language-switch"' in page
    assert re.search(r'<button[^>]*name="lang" value="es" lang="es">Español</button>', page)


def test_signed_in_pages_leave_the_switch_to_settings(client, auth, people):
    auth.login()
    assert 'class="language-switch"' not in client.get("/").get_data(as_text=True)


def test_a_signed_in_persons_choice_beats_the_cookie_and_the_browser(app, client, auth, people):
    set_language(app, people["client"], "es")
    client.set_cookie("lang", "en")
    auth.login()
    assert page_language(client.get("/settings", headers={"Accept-Language": "en"})) == "es"


def test_two_people_read_the_same_app_each_in_their_own_language(app, client, auth, people):
    set_language(app, people["client"], "es")
    set_language(app, people["other_client"], "en")
    auth.login("casey@example.org")
    assert page_language(client.get("/settings")) == "es"
    auth.logout()
    auth.login("oli@example.org")
    assert page_language(client.get("/settings")) == "en"


def test_settings_saves_the_chosen_language_and_says_so_in_it(app, client, auth, people):
    auth.login()
    response = client.post("/settings/language", data={"language": "es"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, people["client"]).language == "es"
    page = client.get("/settings")
    assert page_language(page) == "es" and "Tu idioma está guardado." in page.get_data(as_text=True)


def test_settings_ignores_a_language_we_do_not_speak(app, client, auth, people):
    auth.login()
    set_language(app, people["client"], None)  # signing in stored the page's; as if never chosen
    assert client.post("/settings/language", data={"language": "xx"}).status_code == 303
    with app.app_context():
        assert db.session.get(User, people["client"]).language is None


def test_settings_marks_the_language_in_use(app, client, auth, people):
    auth.login()
    set_language(app, people["client"], None)  # signing in stored the page's; as if never chosen
    page = client.get("/settings", headers=SPANISH_BROWSER).get_data(as_text=True)
    assert re.search(r'name="language" value="es" checked', page)


def scripts_sentences(response) -> dict:
    block = re.search(r'<script type="application/json" id="js-strings">(.*?)</script>',
                      response.get_data(as_text=True), re.S).group(1)
    return json.loads(block)


def test_the_scripts_sentences_come_in_the_pages_language(client):
    english = scripts_sentences(client.get("/crisis"))
    spanish = scripts_sentences(client.get("/crisis", headers=SPANISH_BROWSER))
    assert english["alert_sending"] == "Sending your alert\u2026"
    assert spanish["alert_sending"] == "Enviando tu alerta\u2026"
    assert spanish["sign_in_to_send.other"] == "Vuelve a iniciar sesión para enviar %(count)s registros en espera."
    assert english.keys() == spanish.keys()


def test_the_crisis_page_leaves_out_the_sentences_of_forms_it_does_not_have(client, auth, people):
    auth.login()
    assert "need_mood" not in scripts_sentences(client.get("/crisis"))
    assert "need_mood" in scripts_sentences(client.get("/log/new"))


def test_the_scripts_hold_no_sentence_of_their_own(app):
    """Every sentence the outbox and push scripts show comes from the page (strings.js)."""
    from pathlib import Path

    static = Path(app.static_folder) / "js"
    for name in ("outbox.js", "outbox-core.js", "push.js"):
        source = (static / name).read_text(encoding="utf-8")
        code = re.sub(r"//[^\n]*", "", source)  # comments may speak English
        sentences = re.findall(r'"([A-Z][a-z]+ [^"]*[.!?\u2026])"', code)
        assert sentences == [], name


MOMENT = datetime(2026, 12, 3, 14, 4, tzinfo=timezone.utc)  # 15:04 in Madrid


@pytest.mark.parametrize(("accept", "expected"), [
    ("es-ES", {"local_date": "3 dic 2026", "local_time": "15:04", "local_datetime": "jue, 3 dic, 15:04",
               "weekday": "jueves", "day": "3 de diciembre", "number": "12.345"}),
    ("en-GB", {"local_date": "3 Dec 2026", "local_time": "15:04", "local_datetime": "Thu 3 Dec, 15:04",
               "weekday": "Thursday", "day": "3 December", "number": "12,345"}),
    ("en", {"local_date": "Dec 3, 2026", "local_time": "3:04\u202fPM", "local_datetime": "Thu, Dec 3, 3:04\u202fPM",
            "weekday": "Thursday", "day": "December 3", "number": "12,345"}),
])
def test_dates_times_and_numbers_follow_the_language_region_and_the_persons_zone(app, client, auth, people,
                                                                               accept, expected):
    with app.app_context():
        db.session.get(User, people["client"]).timezone = "Europe/Madrid"
        db.session.commit()
    auth.login()
    set_language(app, people["client"], None)  # signing in stored the page's; as if never chosen
    with app.test_request_context("/", headers={"Accept-Language": accept}):
        from flask_login import login_user
        with app.app_context():
            login_user(db.session.get(User, people["client"]))
            render = app.jinja_env.from_string(
                "{{ m|local_date }}|{{ m|local_time }}|{{ m|local_datetime }}|{{ m|weekday }}|"
                "{{ d|local_date('MMMMd') }}|{{ 12345|number }}")
            shown = render.render(m=MOMENT, d=date(2026, 12, 3)).split("|")
    assert dict(zip(["local_date", "local_time", "local_datetime", "weekday", "day", "number"], shown)) == expected


def test_templates_have_ngettext_and_trans(app):
    with app.test_request_context("/", headers=SPANISH_BROWSER):
        template = app.jinja_env.from_string(
            "{{ ngettext('%(num)d waiting entry', '%(num)d waiting entries', 2) }}|{% trans %}Settings{% endtrans %}")
        assert template.render() == "2 waiting entries|Ajustes"


def test_python_sentences_and_lazy_texts_read_the_requests_kept_catalog(app, monkeypatch):
    from flask_babel import Domain, force_locale, gettext, lazy_gettext

    walks = []
    walk = Domain.get_translations
    monkeypatch.setattr(Domain, "get_translations", lambda self: walks.append(1) or walk(self))
    with app.test_request_context("/", headers=SPANISH_BROWSER):
        shown = [gettext("Settings"), str(lazy_gettext("Home")), gettext("Settings")]
        with force_locale("en"):
            shown.append(gettext("Settings"))
        shown.append(gettext("Settings"))
    assert shown == ["Ajustes", "Inicio", "Ajustes", "Settings", "Ajustes"]
    assert len(walks) == 3  # the request's language, English inside force_locale, and back
