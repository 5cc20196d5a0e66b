"""The crisis page placeholder and the emergency numbers it rests on."""
import re
from datetime import date

import pytest

from recoverynet.crisis.numbers import FALLBACK, all_countries, numbers_for
from recoverynet.forms import COUNTRY_CODES

COUNTRIES = list(all_countries().values())


@pytest.mark.parametrize("row", COUNTRIES, ids=[row.country for row in COUNTRIES])
def test_every_numbers_row_is_well_formed(row):
    assert row.country == FALLBACK or row.country in COUNTRY_CODES
    assert row.emergency and row.source and row.reviewed_on <= date.today()
    for line in row.emergency + row.crisis_lines + row.helplines:
        assert line.name and re.fullmatch(r"tel:\+?\d{3,15}", line.tel), line


def test_the_design_list_of_countries_is_covered():
    assert {"US", "GB", "IE", "CA", "AU", FALLBACK} <= set(all_countries())


def test_an_unknown_country_falls_back_to_112_with_a_note(client):
    assert numbers_for("ZZ").emergency[0].number == "112"
    body = client.get("/crisis").get_data(as_text=True)
    assert 'href="tel:112"' in body and "We don't know your country yet" in body


@pytest.mark.parametrize(("country", "expected"), [
    ("US", ['href="tel:911"', 'href="tel:988"', 'href="tel:18006624357"']),
    ("GB", ['href="tel:999"', 'href="tel:111"', 'href="tel:116123"', 'href="tel:03001236600"']),
    ("AU", ['href="tel:000"', 'href="tel:131114"']),
])
def test_the_crisis_page_shows_the_clients_country_as_tel_links(app, client, auth, people, country, expected):
    from recoverynet.auth.models import User
    from recoverynet.extensions import db
    with app.app_context():
        db.session.get(User, people["client"]).country = country
        db.session.commit()
    auth.login()
    body = client.get("/crisis").get_data(as_text=True)
    for link in expected:
        assert link in body


def test_every_page_offers_the_crisis_page_in_one_tap(client, auth, people):
    auth.login()
    for url in ("/", "/log", "/log/new", "/settings", "/slip"):
        assert b'class="crisis-link" href="/crisis"' in client.get(url).data, url


# ---- In the reader's language (issue 16) ----

NOTES = [(country, note) for country, row in all_countries().items() for note in row.notes]


def _set_person(app, user_id, **values):
    from recoverynet.auth.models import User
    from recoverynet.extensions import db
    with app.app_context():
        person = db.session.get(User, user_id)
        for name, value in values.items():
            setattr(person, name, value)
        db.session.commit()


@pytest.mark.parametrize(("country", "note"), NOTES, ids=[f"{c}-{n.language}-{n.line.number}" for c, n in NOTES])
def test_every_language_note_keeps_its_source_and_review_date(country, note):
    from recoverynet.i18n import LANGUAGE_NAMES
    assert country in all_countries() and note.language in LANGUAGE_NAMES
    assert note.line.name and note.how and note.source and note.reviewed_on <= date.today()
    assert re.fullmatch(r"tel:\+?\d{3,15}", note.line.tel), note


def test_a_spanish_speaker_sees_the_line_that_answers_in_spanish_right_after_the_emergency_number(
        app, client, auth, people):
    _set_person(app, people["client"], country="US", language="es")
    auth.login()
    body = client.get("/crisis").get_data(as_text=True)
    spanish, english = body.index("988 Línea de Prevención del Suicidio y Crisis"), body.index("988 Suicide")
    assert body.index('href="tel:911"') < spanish < english
    assert "Llama al 988 y marca 2 para hablar en español." in body
    assert 'lang="es"' not in body[spanish - 200:spanish]  # the page's own language needs no mark


def test_an_english_speaker_sees_the_spanish_lines_too_after_the_english_ones_marked_as_spanish(
        app, client, auth, people):
    _set_person(app, people["client"], country="US", language="en")
    auth.login()
    body = client.get("/crisis").get_data(as_text=True)
    english, spanish = body.index("SAMHSA National Helpline"), body.index("988 Línea de Prevención")
    assert english < spanish
    assert re.search(r'<a class="call-button note" href="tel:988" lang="es">988 Línea', body)


def test_each_language_note_shows_its_own_source_and_review_date(app, client, auth, people):
    _set_person(app, people["client"], country="US", language="en")
    auth.login()
    body = client.get("/crisis").get_data(as_text=True)
    for _country, note in NOTES:
        assert re.search(rf"{re.escape(note.line.name)}</span> checked [^<]*{note.reviewed_on.year}\. "
                         rf"Source: {re.escape(note.source)}\.", body), note


def test_the_crisis_page_speaks_spanish_to_a_spanish_speaker(app, client, auth, people):
    _set_person(app, people["client"], country="US", language="es")
    auth.login()
    body = client.get("/crisis").get_data(as_text=True)
    assert '<html lang="es">' in body
    for spanish in ("Números de emergencia en Estados Unidos", "Llamar al 911", "Servicios de emergencia",
                    "de noviembre de 2026", "Escribir mi plan"):
        assert spanish in body, spanish
    # The services' own names stay in English, marked as English for screen readers.
    assert '<span lang="en">SAMHSA National Helpline</span>' in body


def test_the_generic_crisis_page_follows_the_browsers_language(client):
    body = client.get("/crisis", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True)
    assert "Aún no sabemos en qué país estás" in body and "Llamar al 112" in body
