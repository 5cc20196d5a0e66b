"""Every form, fuzzed (issue 8, part 4): unicode of every kind, 1 MB strings, NUL and control
characters, huge and negative numbers, bad dates and zones, repeated and missing fields.

The property, for every form: the answer is a page with a clear message (or JSON with one) or a
success, never a 5xx; and nothing saved before is lost: the known records (tests/fuzz_inputs.py)
stay as they were unless the request was a valid edit of that very record.

The suite runs FUZZ_EXAMPLES examples per form (25 by default); `make fuzz` runs 1,000 each.
"""
import json
import os
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from recoverynet.crisis.forms import TRAINED
from recoverynet.extensions import db
from recoverynet.log.models import OUTCOMES, STANDARD_TRIGGERS
from recoverynet.meetings.models import MEETING_KINDS
from recoverynet.network.models import CIRCLES, CONTACT_METHODS, LABELS, RELATIONSHIPS
from recoverynet.reminders.forms import LEAD_CHOICES
from recoverynet.rewards.models import MILESTONE_KINDS, REWARD_KINDS
from tests.helpers import PASSWORD
from tests.fuzz_inputs import (build_world, choice, clock_time, form_data, fresh_device_id, nasty_values,
                               past_day, snapshot, words)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
fuzz_settings = settings(max_examples=EXAMPLES, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                HealthCheck.data_too_large, HealthCheck.large_base_example])

# Success, a redirect after one, or a refusal a person can read. Never a 5xx. (405: werkzeug's
# answer to a POST whose record number is out of range on a path with GET-only neighbours; 308:
# its redirect from "/join//x" to "/join/x".)
CLEAR_STATUSES = {200, 201, 302, 303, 308, 400, 404, 405, 409, 410, 413, 422, 429}
EMAILS = {"casey": "casey@example.org", "nia": "nia@example.org", "oli": "oli@example.org"}
TIMEZONES = choice("Europe/London", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kolkata")


@dataclass
class FormSpec:
    path: str
    fields: dict
    who: str | None = "casey"  # who is signed in; None for a stranger
    may_change: set = field(default_factory=set)  # known records a valid request may change
    headers: dict = field(default_factory=dict)


def _entry_fields() -> dict:
    fields = {"mood": choice(1, 2, 3, 4, 5), "craving": st.integers(0, 10).map(str), "outcome": choice(*OUTCOMES),
              "triggers": choice(*STANDARD_TRIGGERS), "new_trigger": words(40), "device_id": fresh_device_id(),
              "logged_at": st.one_of(past_day().map(lambda day: day + "T18:30"),
                                     past_day().map(lambda day: day + "T07:05:00+02:00"))}
    fields.update({name: words() for name in ("situation", "thoughts", "feelings", "people_present", "coping", "note")})
    return fields


def _signup_fields() -> dict:
    return {"email": st.one_of(choice("sam@example.org", "casey@example.org", "Oli@Example.org"), st.emails()),
            "password": st.one_of(choice("a long passphrase here", PASSWORD), words(30)),
            "display_name": words(80), "timezone": TIMEZONES, "country": choice("GB", "US", "NZ", "in"),
            "sober_since": past_day()}


CONTACT_FIELDS = {
    "name": words(80), "relationship": choice(*RELATIONSHIPS), "circle": choice(*CIRCLES), "label": choice(*LABELS),
    "reliability": choice(1, 5), "helpfulness": choice(2, 4), "phone": choice("07700 900123", "+44 (20) 7946-0000"),
    "preferred_contact": choice("", *CONTACT_METHODS), "available_daytime": choice("on"),
    "available_out_of_hours": choice("on"), "boundaries": words(), "notes": words(),
}
PLAN_FIELDS = {
    **{name: words() for name in ("warning_signs", "coping_alone", "distractions", "reasons", "naloxone_who",
                                  "naloxone_where")},
    "sms_message": words(300), "uses_opioids": choice("on"), "naloxone_trained": choice("", *TRAINED),
    "person-0-name": words(80), "person-0-day": choice("07700 900123"), "person-0-night": choice("0800 123 456"),
    "person-1-contact": st.integers(-5, 10**20).map(str), "pro-0-name": words(80), "pro-0-day": choice("111"),
}
REMINDER_FIELDS = {
    "kind": choice("checkin", "medication", "meeting", "appointment", "weekly"), "title": words(120),
    "time_1": clock_time(), "time_2": clock_time(), "weekday": st.integers(0, 6).map(str),
    "on_date": st.dates().map(lambda day: day.isoformat()), "lead_minutes": choice(*LEAD_CHOICES),
    "place": words(200), "note": words(500),
}
PROFILE_FIELDS = {"display_name": words(80), "timezone": TIMEZONES, "country": choice("GB", "US"),
                  "sober_since": past_day()}

FORMS = {
    "signup": FormSpec("/signup", _signup_fields(), who=None),
    # A first sign-in stores the page's language in the person's row (none of them has chosen one).
    "sign_in": FormSpec("/login", {"email": choice(*EMAILS.values()), "password": choice(PASSWORD, "wrong one")},
                        who=None, may_change=set(EMAILS)),
    "entry_add": FormSpec("/log", _entry_fields()),
    "entry_edit": FormSpec("/log/{entry}", _entry_fields(), may_change={"entry"}),
    "outbox_entry": FormSpec("/log", _entry_fields(), headers={"Accept": "application/json"}),
    "contact_add": FormSpec("/network", CONTACT_FIELDS),
    "contact_edit": FormSpec("/network/{card}", CONTACT_FIELDS, may_change={"card"}),
    "crisis_plan": FormSpec("/crisis/plan", PLAN_FIELDS, may_change={"plan"}),
    "reminder_add": FormSpec("/reminders", REMINDER_FIELDS),
    "reminder_edit": FormSpec("/reminders/{reminder}", REMINDER_FIELDS, may_change={"reminder"}),
    "meeting": FormSpec("/meetings", {"attended_on": past_day(), "kind": choice(*MEETING_KINDS), "note": words(200)}),
    "settings_profile": FormSpec("/settings/profile", PROFILE_FIELDS, may_change={"casey", "reminder"}),
    "settings_password": FormSpec("/settings/password", {"current_password": choice(PASSWORD, "not it"),
                                                         "new_password": st.one_of(choice("a new long passphrase"),
                                                                                   words(30))},
                                  may_change={"casey"}),
    "settings_notifications": FormSpec("/settings/notifications",
                                       {"quiet_start": clock_time(), "quiet_end": clock_time(),
                                        "detailed_notifications": choice("on")}, may_change={"casey"}),
    "reward_pledge": FormSpec("/support/{casey}/rewards/new",
                              {"title": words(120), "kind": choice(*REWARD_KINDS), "note": words(500),
                               "when": choice("now", *MILESTONE_KINDS), "target": st.integers(1, 3650).map(str)},
                              who="nia"),
    "encouragement": FormSpec("/support/{casey}/encourage", {"text": words(280)}, who="nia"),
    "notifications_read": FormSpec("/notifications/read", {"up_to": st.integers(0, 50).map(str)}),
    "invite_accept_new": FormSpec("/join/{token}", _signup_fields(), who=None),
    "invite_accept_signed_in": FormSpec("/join/{token}", {"email": choice("x@example.org")}, who="oli",
                                        may_change={"invited_card", "invite"}),
}


@pytest.fixture
def like_postgresql(app):
    """On SQLite, refuse NUL in text as PostgreSQL does, so the suite finds it on either database."""
    def holds_nul(parameters) -> bool:  # one row or many, as tuples or dicts
        if isinstance(parameters, str):
            return "\x00" in parameters
        if isinstance(parameters, dict):
            parameters = parameters.values()
        return isinstance(parameters, (list, tuple, type({}.values()))) and any(map(holds_nul, parameters))

    def refuse_nul(conn, cursor, statement, parameters, context, executemany):
        if holds_nul(parameters):
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        yield
        return
    event.listen(engine, "before_cursor_execute", refuse_nul)
    yield
    event.remove(engine, "before_cursor_execute", refuse_nul)


def signed_in_client(app, who: str | None):
    client = app.test_client()
    if who:
        response = client.post("/login", data={"email": EMAILS[who], "password": PASSWORD})
        assert response.status_code == 303, "the fixture's sign-in should work"
    return client


def assert_clear_answer(response) -> None:
    """A success, or a refusal that says what went wrong on a page with the app's own layout."""
    body = response.get_data(as_text=True)
    assert response.status_code in CLEAR_STATUSES, f"{response.status_code}: {body[:800]}"
    if response.status_code < 400 or response.status_code in (404, 405):
        return
    if response.is_json:
        assert response.json.get("message") or response.json.get("errors"), body[:800]
        return
    assert 'class="crisis-link"' in body, "a refusal keeps the layout and its way to help"
    if response.status_code == 422:
        assert 'class="field-error"' in body or 'class="form-error"' in body, f"no message shown: {body[:2000]}"
    else:
        assert '<p class="lead">' in body or 'class="form-error"' in body, body[:2000]


def post_and_check(app, spec: FormSpec, pairs: list, path: str | None = None, body: dict | None = None):
    """Post one example into a fresh world and check the property."""
    with app.app_context():
        world = build_world()
    # Signing in is the fixture, not the example: it may write (a first sign-in stores the language).
    client = signed_in_client(app, spec.who)
    with app.app_context():
        before = snapshot(world)
    target = path or spec.path.format(**world)
    if body is not None:
        response = client.post(target, headers=spec.headers, **body)
    else:
        response = client.post(target, data=MultiDict(pairs), headers=spec.headers)
    assert_clear_answer(response)
    with app.app_context():
        after = snapshot(world)
    changed = {name for name in before if before[name] != after[name]}
    allowed = spec.may_change if response.status_code < 400 else set()
    assert changed <= allowed, f"{sorted(changed - allowed)} changed by a {response.status_code} answer"
    return response


@pytest.mark.parametrize("form_name", sorted(FORMS))
@fuzz_settings
@given(data=st.data())
def test_every_form_answers_clearly_and_keeps_what_was_saved(app, like_postgresql, form_name, data):
    spec = FORMS[form_name]
    post_and_check(app, spec, data.draw(form_data(spec.fields), label="form"))


RECORD_PATHS = ("/log/{}", "/network/{}", "/reminders/{}", "/support/{}/encourage", "/rewards/{}/thank",
                "/meetings/{}/delete", "/settings/devices/sign-out?session_id={}")


@fuzz_settings
@given(template=st.sampled_from(RECORD_PATHS),
       record_id=st.one_of(st.integers(min_value=0), st.integers(2**31 - 2, 2**31 + 2),
                           st.integers(2**63 - 2, 2**64)))
def test_any_record_number_in_an_address_is_found_or_not_found(app, like_postgresql, template, record_id):
    post_and_check(app, FormSpec(template, {}), [("text", "hi"), ("session_id", str(record_id))],
                   path=template.format(record_id))


@fuzz_settings
@given(token=st.one_of(nasty_values().filter(lambda text: len(text) < 5000), st.text()))
def test_any_invite_token_gets_a_clear_page(app, like_postgresql, token):
    post_and_check(app, FormSpec("", {}, who=None), [], path="/join/" + quote(token, safe=""))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | nasty_values(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_values(), inner, max_size=3),
                           max_leaves=8)


@fuzz_settings
@given(subscription=st.one_of(
    json_values,
    st.fixed_dictionaries({"endpoint": st.one_of(choice("https://push.example.org/send/1"), nasty_values()),
                           "keys": st.one_of(json_values, st.fixed_dictionaries({"p256dh": json_values,
                                                                                  "auth": json_values}))})))
def test_any_json_sent_as_a_push_subscription_gets_a_clear_answer(app, like_postgresql, subscription):
    spec = FormSpec("/push/subscriptions", {}, headers={"Accept": "application/json"})
    post_and_check(app, spec, [], body={"data": json.dumps(subscription), "content_type": "application/json"})
