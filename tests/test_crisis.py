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
