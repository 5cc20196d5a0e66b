"""Forms that help people with screen readers and shaky hands (issue 15, part 5).

A refused form starts with a summary that links to each field with a problem; nothing typed is
lost (a password is cleared, and the page says so); every text field stops at the length the
server keeps; and a history entry's link says what the entry holds.

The form walk follows links from Home as a client, as a member and as someone signed out, so a
new form joins it by being linked, not by being listed here.
"""
import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.rewards.models import Reward, RewardStatus
from recoverynet.timeutil import utcnow
from tests.fuzz_inputs import build_world
from tests.helpers import PASSWORD

TEXT_TYPES = {"text", "email", "tel", "search", "url"}
# Pages that only lead elsewhere or change nothing a form holds; never followed.
NOT_FOLLOWED = ("/static/", "/sw.js", "/manifest", "/offline", "/logout")


class FormReader(HTMLParser):
    """The POST forms of a page, each with its fields as a browser would send them; and every id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self.ids = [], [], set()
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                          "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form["fields"].append({"tag": "input", "type": (attrs.get("type") or "text").lower(),
                                         "name": attrs.get("name"), "value": attrs.get("value") or "",
                                         "checked": "checked" in attrs, "maxlength": attrs.get("maxlength"),
                                         "min": attrs.get("min")})
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", "type": "textarea", "name": attrs.get("name"), "value": "",
                              "maxlength": attrs.get("maxlength")}
            self._form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = {"tag": "select", "type": "select", "name": attrs.get("name"), "options": [],
                            "value": None}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select["value"] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def read_page(body: str) -> FormReader:
    reader = FormReader()
    reader.feed(body)
    return reader


def typed_fields(form) -> list[dict]:
    return [f for f in form["fields"] if f["name"] and (f["type"] in TEXT_TYPES or f["type"] == "textarea")]


def walk_forms(client, starts) -> list[tuple[str, dict]]:
    """(page, form) for every POST form with a text field on every page reachable from `starts`,
    once per kind of page (numbers in its address don't make another kind)."""
    seen, queue, found = set(), list(starts), []
    while queue:
        path = queue.pop(0)
        kind = re.sub(r"\d+", "N", path)
        if kind in seen or path.startswith(NOT_FOLLOWED):
            continue
        seen.add(kind)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = read_page(response.get_data(as_text=True))
        found += [(path, form) for form in page.forms if form["method"] == "post" and typed_fields(form)]
        for href in page.links:
            parts = urlsplit(href)
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


class Filler:
    """What a careful person types into each field: a value the server takes, unique per field."""

    def __init__(self):
        self.count = 0

    def __call__(self, field, length: int | None = None) -> str:
        self.count += 1
        kind = field["type"]
        if length is not None:  # exactly this many characters, otherwise acceptable
            if kind == "email":
                return "a" * (length - len("@example.org")) + "@example.org"
            return ("1" if kind == "tel" else "x") * length
        if kind == "email":
            return f"kept{self.count}@example.org"
        if kind == "tel":
            return f"07700 900{self.count:03d}"
        return f"Kept words {self.count}"


def form_data(form, fill: Filler, overrides: dict) -> dict[str, list[str]]:
    """The form as a browser sends it, every text field typed into, then `overrides`."""
    data: dict[str, list[str]] = {}
    radios_done = set()
    for field in form["fields"]:
        name, kind = field["name"], field["type"]
        if not name or kind in ("submit", "button", "reset", "file"):
            continue
        if name in overrides:
            data[name] = [overrides[name]]
        elif kind in TEXT_TYPES or kind == "textarea":
            data[name] = [fill(field)]
        elif kind == "password":
            data[name] = [PASSWORD + " and more words"]
        elif kind == "checkbox":
            if field["checked"]:
                data.setdefault(name, []).append(field["value"] or "on")
        elif kind == "radio":
            checked = [f for f in form["fields"] if f["name"] == name and f.get("checked")]
            if name not in radios_done:
                radios_done.add(name)
                data[name] = [(checked[0] if checked else field)["value"]]
        elif kind == "select":
            chosen = field["value"]
            data[name] = [chosen if chosen is not None else next((o for o in field["options"] if o), "")]
        elif kind == "number":
            data[name] = [field["value"] or field["min"] or "1"]
        elif kind == "date":
            data[name] = [field["value"] or "2024-03-31"]
        elif kind == "time":
            data[name] = [field["value"] or "08:30"]
        else:  # hidden, datetime-local
            data[name] = [field["value"]]
    return data


def shows_typed(body: str, value: str) -> bool:
    return html.escape(value, quote=True) in body or html.escape(value, quote=False) in body


@pytest.fixture
def world(app):
    """build_world's people and records, with a reward Casey can thank Nia for."""
    with app.app_context():
        world = build_world()
        db.session.add(Reward(client_id=world["casey"], giver_id=world["nia"], title="Known dinner",
                              status=RewardStatus.UNLOCKED, unlocked_at=utcnow()))
        db.session.commit()
    return world


def afresh(client, page: str, form: dict) -> dict:
    """The same form as the page shows it now (a new entry's form has a new device id each time)."""
    names = [field["name"] for field in typed_fields(form)]
    return next(candidate for candidate in read_page(client.get(page).get_data(as_text=True)).forms
                if candidate["action"] == form["action"] and [f["name"] for f in typed_fields(candidate)] == names)


def walked(app, world) -> list[tuple[object, str, dict]]:
    """(signed-in client, page, form) for every form a client, a member or a stranger can reach."""
    found = []
    for who in ("casey@example.org", "nia@example.org", None):
        client = app.test_client()
        if who:
            assert client.post("/login", data={"email": who, "password": PASSWORD}).status_code == 303
            starts = ["/"]
        else:
            starts = ["/", "/login", "/signup", "/forgot", f"/join/{world['token']}"]
        found += [(client, page, form) for page, form in walk_forms(client, starts)]
    return found


def test_the_walk_finds_every_form_people_type_into(app, world):
    actions = {re.sub(r"\d+", "N", form["action"]) for _, _, form in walked(app, world)}
    for expected in ("/signup", "/login", "/forgot", "/log", "/log/N", "/network", "/network/N", "/crisis/plan",
                     "/meetings", "/settings/profile", "/support/N/encourage", "/rewards/N/thank"):
        assert expected in actions, f"{expected} not reached: {sorted(actions)}"


def test_every_text_field_stops_at_the_length_the_server_keeps(app, world):
    """maxlength N: N characters are taken, N + 1 are refused. A field without one is a finding."""
    problems = []
    fill = Filler()
    for client, page, form in walked(app, world):
        for field in typed_fields(form):
            where = f"{form['action']} {field['name']} (on {page})"
            if field["maxlength"] is None:
                problems.append(f"{where}: no maxlength")
                continue
            most = int(field["maxlength"])
            too_long = client.post(form["action"], data=form_data(afresh(client, page, form), fill,
                                                                  {field["name"]: fill(field, most + 1)}))
            # Sign-in says only that the pair doesn't match, whichever field was wrong.
            if too_long.status_code != 422 or (f'href="#{field["name"]}"' not in too_long.get_data(as_text=True)
                                               and not form["action"].startswith("/login")):
                problems.append(f"{where}: {most + 1} characters were not refused ({too_long.status_code})")
            just_fits = client.post(form["action"], data=form_data(afresh(client, page, form), fill,
                                                                   {field["name"]: fill(field, most)}))
            if f'href="#{field["name"]}"' in just_fits.get_data(as_text=True):
                problems.append(f"{where}: maxlength {most} but the server refused that many")
    assert not problems, "\n".join(problems)


def test_a_refused_form_keeps_everything_typed_except_passwords(app, world):
    """For each form, one field too long: every other field comes back with what was typed, the
    summary links to fields that exist on the page, and a password field says it was cleared."""
    problems = []
    fill = Filler()
    for client, page, form in walked(app, world):
        fields = typed_fields(form)
        wrong = fields[0]
        data = form_data(afresh(client, page, form), fill,
                         {wrong["name"]: fill(wrong, int(wrong["maxlength"] or 100_000) + 1)})
        response = client.post(form["action"], data=data)
        body = response.get_data(as_text=True)
        where = f"{form['action']} (on {page})"
        if response.status_code != 422:
            problems.append(f"{where}: answered {response.status_code}, not the form again")
            continue
        for field in fields[1:]:
            if not shows_typed(body, data[field["name"]][0]):
                problems.append(f"{where}: {field['name']} came back without what was typed")
        ids = read_page(body).ids
        for target in re.findall(r'<div class="error-summary".*?</div>', body, re.S):
            for href in re.findall(r'href="#([^"]+)"', target):
                if href not in ids:
                    problems.append(f"{where}: the summary links to #{href}, which isn't on the page")
        for field in form["fields"]:
            if field["type"] == "password" and f'id="{field["name"]}-cleared"' not in body:
                problems.append(f"{where}: {field['name']} doesn't say it was cleared")
    assert not problems, "\n".join(problems)


def test_a_refused_form_starts_with_a_summary_that_links_to_each_field(client):
    response = client.post("/signup", data={"display_name": "Sam", "email": "not an email", "password": "short",
                                            "timezone": "Europe/London", "country": "GB"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary" tabindex="-1" autofocus>(.*?)</div>', body, re.S).group(1)
    links = re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', summary)
    assert [name for name, _ in links] == ["email", "password"]
    assert "That doesn&#39;t look like an email address. Check for a typo?" in links[0][1]
    assert 'id="email"' in body and 'id="password"' in body
    assert body.index('class="error-summary"') < body.index('id="display_name"'), "the summary comes first"


def test_a_summary_link_to_a_choice_leads_to_its_first_button(auth, client, people):
    auth.login()
    body = client.post("/log", data={"mood": "9", "craving": "99"}).get_data(as_text=True)
    assert '<a href="#mood">' in body and '<a href="#craving">' in body
    assert re.search(r'<input type="radio" id="mood" name="mood" value="1"', body)
    assert re.search(r'<input type="radio" id="craving" name="craving" value="0"', body)


def test_a_cleared_password_says_so_beside_the_field(client):
    body = client.post("/login", data={"email": "nobody@example.org", "password": "wrong one"}).get_data(as_text=True)
    assert '<p class="hint" id="password-cleared">For your safety, this was cleared. Please type it again.</p>' in body
    assert re.search(r'<input id="password" name="password" type="password"\s+aria-describedby="password-cleared"',
                     body)


def test_a_fresh_form_says_nothing_about_passwords(client):
    assert "password-cleared" not in client.get("/login").get_data(as_text=True)


def test_history_entries_are_links_named_for_what_they_hold(app, auth, client, people):
    with app.app_context():
        db.session.add(Entry(user_id=people["client"], device_id="one", mood=2, craving=6, outcome="on_track",
                             logged_at=utcnow().replace(year=2024, month=12, day=3, hour=21, minute=4, second=0),
                             triggers=[EntryTrigger(label="stress"), EntryTrigger(label="Payday")]))
        db.session.add(Entry(user_id=people["client"], device_id="two", mood=4,
                             logged_at=utcnow().replace(year=2024, month=12, day=2, hour=9, minute=0, second=0)))
        db.session.commit()
    auth.login()
    names = re.findall(r'<a href="/log/\d+/edit" aria-label="([^"]*)"', client.get("/log").get_data(as_text=True))
    assert names == ["Tue, December 3, 21:04 — mood Low, craving 6 of 10, triggers: Payday, stress, Stayed on track",
                     "Mon, December 2, 09:00 — mood Good"]


def test_a_spanish_speaker_hears_the_cleared_password_and_the_entry_names_in_spanish(app, auth, client, people):
    """Passes once /tmp/es/forms15.po (and log.po) are merged into the Spanish catalog."""
    body = client.post("/login", data={"email": "nobody@example.org", "password": "wrong one"},
                       headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'id="password-cleared">Por tu seguridad, este campo se ha vaciado. Escríbelo otra vez.</p>' in body
    with app.app_context():
        db.session.get(User, people["client"]).language = "es"
        db.session.add(Entry(user_id=people["client"], device_id="one", mood=2, craving=6,
                             logged_at=utcnow().replace(year=2024, month=12, day=3, hour=21, minute=4, second=0),
                             triggers=[EntryTrigger(label="stress")]))
        db.session.commit()
    auth.login()
    names = re.findall(r'<a href="/log/\d+/edit" aria-label="([^"]*)"', client.get("/log").get_data(as_text=True))
    assert names == ["mar, 3 de diciembre, 21:04 — ánimo Mal, ganas de consumir 6 de 10, detonantes: estrés"]
