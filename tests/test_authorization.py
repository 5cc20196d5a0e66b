"""Who may reach each route. Every route must have a row here: a new route without one fails.

Outcomes: "ok" (the route did its job or showed its form), "login" (sent to sign in),
"hidden" (404: another person's data is not even confirmed to exist).
"""
import uuid

import pytest

from recoverynet.auth.reset import make_reset_token
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from tests.routes import every_route

PEOPLE = ("anonymous", "owner", "other_client")

ENTRY_FORM = {"mood": "2", "craving": "5", "triggers": ["lonely"]}
PROFILE_FORM = {"display_name": "Casey", "timezone": "Europe/London", "country": "GB"}

# (endpoint, method): (anonymous, owner, other_client), and the form posted.
TABLE = {
    ("home.index", "GET"): ("ok", "ok", "ok"),
    ("auth.signup", "GET"): ("ok", "ok", "ok"),
    ("auth.signup", "POST"): ("ok", "ok", "ok"),
    ("auth.login", "GET"): ("ok", "ok", "ok"),
    ("auth.login", "POST"): ("ok", "ok", "ok"),
    ("auth.logout", "POST"): ("ok", "ok", "ok"),
    ("auth.signed_out", "GET"): ("ok", "ok", "ok"),
    ("auth.forgot", "GET"): ("ok", "ok", "ok"),
    ("auth.forgot", "POST"): ("ok", "ok", "ok"),
    ("auth.reset", "GET"): ("ok", "ok", "ok"),
    ("auth.reset", "POST"): ("ok", "ok", "ok"),
    ("account.settings", "GET"): ("login", "ok", "ok"),
    ("account.profile", "POST"): ("login", "ok", "ok"),
    ("account.password", "POST"): ("login", "ok", "ok"),
    ("log.index", "GET"): ("login", "ok", "ok"),
    ("log.new", "GET"): ("login", "ok", "ok"),
    ("log.create", "POST"): ("login", "ok", "ok"),
    ("log.edit", "GET"): ("login", "ok", "hidden"),
    ("log.update", "POST"): ("login", "ok", "hidden"),
    ("log.confirm_delete", "GET"): ("login", "ok", "hidden"),
    ("log.delete", "POST"): ("login", "ok", "hidden"),
    ("sobriety.slip", "GET"): ("login", "ok", "ok"),
    ("sobriety.slip", "POST"): ("login", "ok", "ok"),
    ("crisis.crisis", "GET"): ("ok", "ok", "ok"),
    ("pwa.service_worker", "GET"): ("ok", "ok", "ok"),
    ("pwa.manifest", "GET"): ("ok", "ok", "ok"),
    ("pwa.offline", "GET"): ("ok", "ok", "ok"),
}

FORMS = {
    "auth.signup": {"email": "new@example.org", "password": "long enough pass", "display_name": "New",
                    "timezone": "UTC", "country": "GB"},
    "auth.login": {"email": "casey@example.org", "password": "wrong password"},
    "auth.forgot": {"email": "casey@example.org"},
    "auth.reset": {"password": "a brand new passphrase"},
    "account.profile": PROFILE_FORM,
    "account.password": {"current_password": "wrong", "new_password": "short"},
    "log.create": ENTRY_FORM,
    "log.update": ENTRY_FORM,
    "sobriety.slip": {"happened_on": "2024-01-01", "count": "keep"},
}


def test_every_route_is_in_the_authorization_table(app):
    missing = [(endpoint, method) for endpoint, method, _ in every_route(app)
               if (endpoint, method) not in TABLE]
    assert missing == []


def test_the_table_names_no_route_that_does_not_exist(app):
    existing = {(endpoint, method) for endpoint, method, _ in every_route(app)}
    assert set(TABLE) - existing == set()


def outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303) and location.startswith("/login"):
        return "login"
    if response.status_code in (403, 404):
        return "hidden"
    if response.status_code >= 500:
        return "error"
    return "ok"


@pytest.fixture
def owners_entry(app, people):
    with app.app_context():
        entry = Entry(user_id=people["client"], device_id=str(uuid.uuid4()), mood=3)
        db.session.add(entry)
        db.session.commit()
        return entry.id


def url_for_rule(app, rule: str, entry_id: int, user_id: int) -> str:
    if "<token>" in rule:
        from recoverynet.auth.models import User
        with app.app_context():
            return rule.replace("<token>", make_reset_token(db.session.get(User, user_id)))
    return rule.replace("<int:entry_id>", str(entry_id))


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("endpoint", "method"), sorted(TABLE))
def test_route_answers_each_person_as_the_table_says(app, client, auth, people, owners_entry,
                                                     endpoint, method, person):
    if person == "owner":
        auth.login("casey@example.org")
    elif person == "other_client":
        auth.login("oli@example.org")
    rule = next(r for e, m, r in every_route(app) if (e, m) == (endpoint, method))
    url = url_for_rule(app, rule, owners_entry, people["client"])
    response = client.open(url, method=method, data=FORMS.get(endpoint) if method == "POST" else None)
    expected = TABLE[(endpoint, method)][PEOPLE.index(person)]
    assert outcome(response) == expected, f"{method} {url} as {person}: {response.status_code}"


def test_another_clients_request_leaves_the_entry_untouched(app, client, auth, people, owners_entry):
    auth.login("oli@example.org")
    client.post(f"/log/{owners_entry}", data={"mood": "1"})
    client.post(f"/log/{owners_entry}/delete")
    with app.app_context():
        entry = db.session.get(Entry, owners_entry)
        assert entry is not None and entry.mood == 3
