"""The empty log form, kept once per language (recoverynet/log/blank_form.py): the same markup as
the form rendered in full, a fresh device id each time, and nobody's own triggers in anyone
else's form."""
import re
import uuid

import pytest

from recoverynet.forms import Form
from recoverynet.log.blank_form import blank_entry_form
from recoverynet.log.models import OUTCOMES, STANDARD_TRIGGERS
from tests.network_world import sign_in_as

SPANISH_BROWSER = {"Accept-Language": "es-ES,es;q=0.9"}
DEVICE_ID = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"


def device_ids(page: str) -> list[str]:
    return re.findall(r'name="device_id" value="([^"]*)"', page)


@pytest.mark.parametrize("headers", [{}, SPANISH_BROWSER], ids=["english", "spanish"])
@pytest.mark.parametrize("own", [(), ("night shift", "<b>pay day</b> & rent")], ids=["no-own", "own"])
def test_the_kept_empty_form_is_the_form_rendered_in_full(app, headers, own):
    choices = [*STANDARD_TRIGGERS, *own]
    with app.test_request_context("/", headers=headers):
        for _ in range(2):  # made, then read from what was kept
            kept = blank_entry_form(choices, bool(own), DEVICE_ID)
            full = app.jinja_env.get_template("log/_form.html").render(
                form=Form({}), entry=None, trigger_choices=choices, has_own_triggers=bool(own), outcomes=OUTCOMES,
                device_id=DEVICE_ID)
            assert kept == full


def test_the_kept_empty_form_escapes_the_clients_own_trigger(app):
    with app.test_request_context("/"):
        form = blank_entry_form([*STANDARD_TRIGGERS, "<b>pay day</b>"], True, DEVICE_ID)
    assert "<b>pay day</b>" not in form and "&lt;b&gt;pay day&lt;/b&gt;" in form


def test_each_empty_form_carries_a_fresh_device_id(client, auth, people):
    auth.login()
    first, second = (device_ids(client.get(path).get_data(as_text=True)) for path in ("/log/new", "/log/new"))
    assert len(first) == len(second) == 1 and first != second
    assert all(uuid.UUID(found[0]).version == 4 for found in (first, second))


def test_homes_empty_form_carries_a_fresh_device_id_too(client, auth, people):
    auth.login()
    first, second = (device_ids(client.get("/").get_data(as_text=True)) for _ in range(2))
    assert len(first) == 1 and first != second


def test_one_clients_own_trigger_never_reaches_anothers_form(client, auth, people):
    auth.login()
    client.post("/log", data={"mood": "2", "new_trigger": "night shift"})
    assert "night shift" in client.get("/log/new").get_data(as_text=True)
    sign_in_as(client, "oli@example.org")
    for path in ("/log/new", "/"):
        page = client.get(path).get_data(as_text=True)
        assert "night shift" not in page and 'href="/log/triggers"' not in page


def test_the_empty_form_is_worded_in_each_requests_language(app):
    for headers, words in (({}, "How do you feel?"), (SPANISH_BROWSER, "¿Cómo te sientes?"), ({}, "How do you feel?")):
        with app.test_request_context("/", headers=headers):
            assert words in blank_entry_form(list(STANDARD_TRIGGERS), False, DEVICE_ID)
