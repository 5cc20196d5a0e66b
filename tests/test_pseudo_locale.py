"""Every page is translatable: rendered in a pseudo-language that wraps each marked sentence in
⟦…⟧ (tests/pseudo_locale.py), a page shows no text outside the markers but what a person typed.

The pages are found by walking the URL map (every GET route, for a signed-out visitor, a client
and a member of her network), not from a list: a new page is checked the day it is born.
"""
import html
import itertools
import json
import re
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import template_rendered
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from recoverynet.auth.confirm import make_confirm_token
from recoverynet.auth.emails import queue_already_registered_email, queue_confirmation_email, request_reset_email
from recoverynet.auth.models import User
from recoverynet.auth.reset import make_reset_token
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.mail import OutgoingEmail
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.invites import create_invite
from recoverynet.network.models import SCOPES, Contact, Grant, Invite
from recoverynet.notifications.notify import notify
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.texts import DISCREET_EVENTS
from recoverynet.push.views import queue_test_push
from recoverynet.reminders.due import reminder_payload
from recoverynet.reminders.models import KINDS as REMINDER_KINDS
from recoverynet.reminders.models import Reminder
from recoverynet.rewards.models import Reward
from recoverynet.templating import all_timezones
from recoverynet.timeutil import utcnow
from tests.helpers import PASSWORD, make_user, queued_emails, restore_and_empty
from tests.pseudo_locale import (PSEUDO, ROOT, empty_form, filled_form, post_forms, typed_fields, untranslated_text,
                                 write_pseudo_catalog)

# Pages whose sentences are not marked yet (viewer, endpoint). The string-marking work empties
# this list; the walk fails when a page here has become clean (take it off) and when a page not
# here shows unmarked text (mark it).
NOT_YET_MARKED: set[tuple[str, str]] = set()

# What the made-up people typed: distinctive, so it is never mistaken for a sentence of ours.
CLIENT_NAME, MEMBER_NAME = "Zephyrine Quillfeather", "Marisol Thistlewood"
TYPED = (CLIENT_NAME, MEMBER_NAME, "zephyrine@example.org", "marisol@example.org", "Bartholomew Nightjar",
         "Quokkaland Excursion", "xylophone-trigger", "Nebulous situation note", "Ocelot coping",
         "Wombat note", "Periwinkle warning", "Zanzibar meeting note", "01632 960123",
         "BN", "MT")  # the last two: the network map's dots, the initials of two names
# Time zones are data, not sentences: the time-zone choice (sign-up, Settings) lists IANA names such
# as America/Mexico_City, the same in every language, as the person's own setting.
TIME_ZONES = tuple(all_timezones())
VIEWERS = {"signed out": None, "client": "zephyrine@example.org", "member": "marisol@example.org"}


@pytest.fixture
def pseudo(app, tmp_path):
    """The app speaks the pseudo-language to everyone in this test."""
    babel = app.extensions["babel"]
    directory = str(write_pseudo_catalog(tmp_path))
    babel.translation_directories.append(directory)
    app.config["LANGUAGES"] = ("en", "es", PSEUDO)
    yield
    babel.translation_directories.remove(directory)


@pytest.fixture
def world(app):
    return make_world(app)


def make_world(app) -> dict:
    """A client with a little of everything, a member who sees it all, and the tokens of the
    signed-out pages; everyone reads the pseudo-language, with detailed notifications on a phone
    each (so what happens reaches them as push texts with its words)."""
    with app.app_context():
        client = make_user("zephyrine@example.org", CLIENT_NAME, language=PSEUDO, timezone="Europe/Madrid",
                           sober_since=date.today() - timedelta(days=40), detailed_notifications=True)
        member = make_user("marisol@example.org", MEMBER_NAME, language=PSEUDO, is_client=False,
                           timezone="Europe/Madrid", detailed_notifications=True)
        db.session.add_all([PushSubscription(user_id=person.id, endpoint=f"https://push.example.org/{person.id}",
                                             p256dh="key", auth="secret") for person in (client, member)])
        # Her clinician, so the member's walk also opens the caseload (recoverynet/caseload/).
        card = Contact(client_id=client.id, name=MEMBER_NAME, member_id=member.id, joined_at=utcnow(),
                       relationship="clinician", grants=[Grant(scope=scope) for scope in SCOPES])
        waiting = Contact(client_id=client.id, name="Bartholomew Nightjar", relationship="sponsor")
        entry = Entry(user_id=client.id, device_id=str(uuid.uuid4()), mood=3, craving=4,
                      situation="Nebulous situation note", coping="Ocelot coping", note="Wombat note",
                      triggers=[EntryTrigger(label="xylophone-trigger"), EntryTrigger(label="lonely")])
        meeting = Meeting(client_id=client.id, attended_on=date.today() - timedelta(days=1), kind="aa",
                          note="Zanzibar meeting note")
        reward = Reward(client_id=client.id, giver_id=member.id, title="Quokkaland Excursion", kind="outing",
                        milestone_kind="sober_days", milestone_target=400)
        reminder = Reminder(user_id=client.id, kind="checkin", times="20:00")
        plan = CrisisPlan(user_id=client.id, warning_signs="Periwinkle warning",
                          callees=[Callee(position=0, name=MEMBER_NAME, daytime_phone="01632 960123")])
        db.session.add_all([card, waiting, entry, meeting, reward, reminder, plan])
        db.session.commit()
        need = Need(client_id=client.id, area="housing", title="Nebulous situation note", next_step="Ocelot coping",
                    next_step_on=date.today(), updated_by_id=member.id, helpers=[NeedHelper(contact_id=card.id)])
        db.session.add(need)
        db.session.commit()
        from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
        review = MonthlyReview(client_id=client.id, held_on=date.today(), goals="Wombat note",
                               private_note="Ocelot coping", attendees=[ReviewAttendee(member_id=member.id)])
        db.session.add_all([review, ReviewPlan(client_id=client.id, day_of_month=5, time="18:00",
                                               participants=[ReviewParticipant(member_id=member.id)])])
        db.session.commit()
        from recoverynet.measures.models import Questionnaire, QuestionnaireAnswer
        db.session.add(Questionnaire(client_id=client.id, instrument="barc10", taken_on=date.today(), score=36,
                                     answered=9, answers=[QuestionnaireAnswer(item=str(n), value=4) for n in range(1, 10)]))
        db.session.commit()
        _invite, invite_token = create_invite(waiting)
        pending = make_user("pending@example.org", "Pending Person", confirmed_at=None)
        return {"<int:entry_id>": entry.id, "<int:contact_id>": card.id, "<int:meeting_id>": meeting.id,
                "<int:reward_id>": reward.id, "<int:reminder_id>": reminder.id, "<int:client_id>": client.id,
                "/reset/<token>": make_reset_token(db.session.get(User, client.id)),
                "/confirm/<token>": make_confirm_token(pending),
                "/join/confirm/<token>": make_confirm_token(pending, _invite.id), "<token>": invite_token,
                "<int:need_id>": need.id, "<int:review_id>": review.id,
                "<any(barc10, mspss):instrument>": "barc10",
                "<month>": (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")}


def fill(rule: str, world: dict) -> str:
    for prefix in ("/reset/<token>", "/confirm/<token>", "/join/confirm/<token>"):
        if rule == prefix:
            return rule.replace("<token>", world[prefix])
    for name, value in world.items():
        if name.startswith("<"):
            rule = rule.replace(name, str(value))
    return rule


def walk_every_page(app, client, world) -> dict[tuple[str, str], list[str]]:
    """(viewer, endpoint) -> the text it shows outside markers, for every GET page that answers
    HTML; a page that redirects (not for this viewer) is left out."""
    rules = sorted((rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and rule.endpoint != "static")
    found = {}
    for viewer, email in VIEWERS.items():
        client.post("/logout")
        client.set_cookie("lang", PSEUDO)
        if email:
            assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
        for endpoint, rule in rules:
            response = client.get(fill(rule, world))
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            found[(viewer, endpoint)] = untranslated_text(response.get_data(as_text=True), TYPED + TIME_ZONES)
    return found


def test_untranslated_text_is_what_shows_outside_the_markers():
    html = ('<html lang="eo"><head><title>⟦Settings⟧ · RecoveryNet</title></head><body>'
            '<p>⟦Hello ⟦<b>Zephyrine</b>⟧, you have 3 entries⟧</p><p>Forgotten sentence.</p>'
            '<button aria-label="Unmarked label">⟦Save⟧</button><script>const x = "Not text";</script>'
            '<span lang="es">Español</span><p>Zephyrine typed this 12:30, 3 dec.</p></body></html>')
    assert untranslated_text(html, typed=("Zephyrine typed this",)) == ["Forgotten sentence.", "Unmarked label"]


def test_base_html_speaks_only_marked_sentences_in_the_pseudo_language(pseudo, client):
    """The layout's own words (skip link, Crisis help, the language switch) are marked."""
    client.set_cookie("lang", PSEUDO)
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="eo">' in page and "⟦Crisis help⟧" in page and "⟦Skip to content⟧" in page
    shown = " ".join(untranslated_text(page, TYPED))
    assert "Crisis help" not in shown and "Skip to content" not in shown and "Language" not in shown


def test_the_pages_not_yet_marked_are_exactly_those_that_show_unmarked_text(app, client, pseudo, world):
    pages = walk_every_page(app, client, world)
    print(f"The pseudo-language walk rendered {len(pages)} pages.")
    assert len(pages) >= 40  # the walk reaches the app, not just the sign-in page
    dirty = {page for page, text in pages.items() if text}
    newly_dirty = {f"{viewer} {endpoint}: {pages[(viewer, endpoint)][:3]}"
                   for viewer, endpoint in dirty - NOT_YET_MARKED}
    assert newly_dirty == set(), "unmarked text on a page that should be translated"
    now_clean = NOT_YET_MARKED - dirty
    assert now_clean == set(), "these pages are clean (or gone): take them off NOT_YET_MARKED"


# ---- Form errors, flash messages, emails and push texts (issue 16: "every form error, email and
# push text") ----

VARIANTS = ("empty", "filled")  # nothing filled in or chosen; a hurried person's answers
URL = re.compile(r"https?://\S+")


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


class PostingWalk:
    """Sends, as each viewer, every POST form the GET walk's pages show (once per kind of form:
    its address and fields), empty and filled in, and every POST route of the URL map no page
    shows a form for, empty. It checks each page that comes back: a refused form (422) with its
    errors, the page a success lands on with its flash message, and the pushes and emails the
    posts queued. After anything that may have changed the world it builds a fresh one."""

    def __init__(self, app, client):
        self.app, self.client, self.viewer = app, client, None
        self.world = make_world(app)
        self.found: dict[str, list[str]] = {}
        self.refused: set[str] = set()  # endpoints that answered a form with 422
        self.posted: dict[str, set[str]] = {}  # viewer -> endpoints posted to
        self.pushes: list[dict] = []
        self.emails: list[tuple[str, str]] = []
        self.dirty = False

    def sign_in(self, viewer):
        self.viewer = viewer
        self.client.post("/logout")
        self.client.set_cookie("lang", PSEUDO)
        if VIEWERS[viewer]:
            answer = self.client.post("/login", data={"email": VIEWERS[viewer], "password": PASSWORD})
            assert answer.status_code == 303

    def rebuild(self):
        """Keep what the posts queued, then a fresh world as before, signed in again."""
        with self.app.app_context():
            self.pushes += [json.loads(payload) for payload in db.session.scalars(select(Delivery.payload))]
            self.emails += [(e.subject, e.body) for e in db.session.scalars(select(OutgoingEmail))]
            db.session.remove()
            with db.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())
        self.world = make_world(self.app)
        self.sign_in(self.viewer)
        self.dirty = False

    def endpoint(self, path: str) -> str:
        try:
            return self.app.url_map.bind("localhost").match(urlsplit(path).path, method="POST")[0]
        except HTTPException:
            return f"no POST route for {path}"

    def send(self, path: str, data: dict, variant: str):
        endpoint = self.endpoint(path)
        self.posted.setdefault(self.viewer, set()).add(endpoint)
        answer = self.client.post(path, data=data)
        what = f"{self.viewer} {variant} POST {shape(urlsplit(path).path)} ({endpoint})"
        if answer.status_code == 422:
            self.refused.add(endpoint)
            self.look(f"{what} refused", answer)
            return
        if answer.status_code >= 400:
            return
        self.dirty = True
        if answer.status_code in (302, 303):
            landing = urlsplit(answer.headers["Location"])
            self.look(f"{what} -> {landing.path}", self.client.get(landing.path + (f"?{landing.query}"
                                                                                  if landing.query else "")))
        else:
            self.look(what, answer)
        if endpoint == "deletion.delete":  # the viewer is gone: the pages after this need them back
            self.rebuild()

    def look(self, what: str, page):
        if page.mimetype != "text/html":  # a download (Settings' data export, a zip) has no page to read
            return
        html = page.get_data(as_text=True)
        # A page that answers a change of language speaks the language chosen, on purpose.
        if page.status_code in (200, 422) and page.mimetype == "text/html" and f'<html lang="{PSEUDO}"' in html:
            self.found[what] = untranslated_text(html, TYPED + TIME_ZONES)

    def walk(self, viewer):
        self.sign_in(viewer)
        kinds = set()
        for endpoint, rule in get_rules(self.app):
            page = self.client.get(fill(rule, self.world))
            if page.status_code != 200 or page.mimetype != "text/html":
                continue
            for index, form in enumerate(post_forms(page.get_data(as_text=True))):
                names = tuple(sorted({field["name"] for field in form["fields"]}))
                for variant in VARIANTS if typed_fields(form) else ("filled",):
                    kind = (shape(form["action"]), names, variant)
                    if kind in kinds:
                        continue
                    kinds.add(kind)
                    if self.dirty:  # the page again, in the fresh world: its ids and tokens
                        self.rebuild()
                        page = self.client.get(fill(rule, self.world))
                        forms = post_forms(page.get_data(as_text=True))
                        if index >= len(forms):
                            continue
                        form = forms[index]
                    data = (empty_form(form) if variant == "empty" else
                            filled_form(form, "Wombat note", "zephyrine@example.org", PASSWORD,
                                        date.today().isoformat()))
                    self.send(form["action"] or fill(rule, self.world), data, variant)
        for endpoint, rule in post_rules(self.app):
            if endpoint not in self.posted.get(viewer, set()):
                if self.dirty:
                    self.rebuild()
                self.send(fill(rule, self.world), {}, "no form")
        self.rebuild()


def get_rules(app):
    return sorted((rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
                  if "GET" in rule.methods and rule.endpoint != "static")


def post_rules(app):
    return sorted((rule.endpoint, rule.rule) for rule in app.url_map.iter_rules() if "POST" in rule.methods)


@pytest.fixture(scope="module")
def posting_walk(_app, tmp_path_factory):
    """The posting walk, once for the tests that read it (it takes most of a minute), with the
    app speaking the pseudo-language as `pseudo` makes it; the tables are left empty after it."""
    babel, saved = _app.extensions["babel"], dict(_app.config)
    directory = str(write_pseudo_catalog(tmp_path_factory.mktemp("pseudo")))
    babel.translation_directories.append(directory)
    _app.config["LANGUAGES"] = ("en", "es", PSEUDO)
    try:
        walk = PostingWalk(_app, _app.test_client())
        for viewer in VIEWERS:
            walk.walk(viewer)
    finally:
        babel.translation_directories.remove(directory)
        restore_and_empty(_app, saved)
    return walk


def test_every_refused_form_and_every_flash_message_speaks_only_marked_sentences(app, posting_walk):
    """Each form sent empty and filled in, as a signed-out visitor, a client and a member: the
    page that refuses it (422, its errors beside the fields) and the page a success lands on
    (its flash message) show no text outside the markers."""
    refused = sorted(what for what in posting_walk.found if what.endswith("refused"))
    print(f"\nThe posting walk checked {len(posting_walk.found)} pages: {len(refused)} refused forms (422), "
          f"{len(posting_walk.found) - len(refused)} pages after a post; "
          f"endpoints that refused a form: {len(posting_walk.refused)}")
    never = sorted({endpoint for endpoint, _ in post_rules(app)} - posting_walk.refused)
    print("POST routes no empty or filled form got a 422 from:", never)
    assert len(refused) >= 20  # the walk reaches the forms, not just the sign-in page
    assert {what: text for what, text in posting_walk.found.items() if text} == {}


def test_every_push_a_post_queued_speaks_only_marked_sentences(posting_walk):
    """Encouragement, rewards, the crisis alert, the test notification: whatever the posts sent,
    in the recipient's language (everyone here reads the pseudo-language)."""
    kinds = sorted({push["tag"] for push in posting_walk.pushes})
    print(f"\n{len(posting_walk.pushes)} pushes queued by the walk's posts, tags: {kinds}; "
          f"{len(posting_walk.emails)} emails")
    assert {"encouragement", "test", "crisis_alert"} <= set(kinds)
    assert unmarked_pushes(posting_walk.pushes) == {}
    assert unmarked_emails(posting_walk.emails) == {}


def unmarked_pushes(pushes):
    found = {}
    for push in pushes:
        shown = "\n".join(html.escape(push[key]) for key in ("title", "body", "snooze") if key in push)
        if untranslated := untranslated_text(shown, TYPED):
            found[f"{push['tag']}: {push['body'][:60]}"] = untranslated
    return found


def unmarked_emails(emails):
    found = {}
    for subject, body in emails:
        shown = html.escape(subject + "\n" + URL.sub(" ", body))
        if untranslated := untranslated_text(shown, TYPED + ("Pending Person", "pending@example.org")):
            found[subject] = untranslated
    return found


def test_every_email_template_with_its_subject_speaks_only_marked_sentences(app, pseudo, world):
    """Each template in templates/email, sent by the code that sends it, to a pseudo-language reader."""
    rendered = []
    with template_rendered.connected_to(lambda sender, template, context, **extra: rendered.append(template.name),
                                        app), app.test_request_context():
        client = db.session.scalar(select(User).where(User.email == "zephyrine@example.org"))
        pending = db.session.scalar(select(User).where(User.email == "pending@example.org"))
        pending.language = PSEUDO
        invite_id = db.session.scalar(select(Invite.id))
        request_reset_email(client.email)
        queue_confirmation_email(pending)
        queue_confirmation_email(pending, invite_id, joining=CLIENT_NAME)
        queue_already_registered_email(client)
        queue_already_registered_email(client, joining=CLIENT_NAME)
        db.session.commit()
    emails = [(email.subject, email.body) for email in queued_emails(app)]
    templates = {f"email/{path.name}" for path in (ROOT / "templates" / "email").iterdir()}
    print(f"\n{len(emails)} emails from {len(templates)} templates")
    assert set(rendered) == templates and len(emails) == 5
    assert unmarked_emails(emails) == {}


def test_every_reminder_and_every_discreet_push_speaks_only_marked_sentences(app, pseudo, world):
    """Each kind of reminder, discreet and detailed, with and without what the person typed, as the
    worker queues it; and each kind of event's discreet push, as notify() queues it."""
    with app.app_context():
        client = db.session.scalar(select(User).where(User.email == "zephyrine@example.org"))
        pushes = []
        for kind, detailed, typed in itertools.product(REMINDER_KINDS, (False, True), (False, True)):
            client.detailed_notifications = detailed
            reminder = Reminder(id=7, user_id=client.id, kind=kind, times="09:00",
                                title="Zanzibar meeting note" if typed else "",
                                place="Quokkaland Excursion" if typed else "", note="Wombat note" if typed else "")
            pushes.append(json.loads(reminder_payload(reminder, client)))
        client.detailed_notifications = False
        for kind in DISCREET_EVENTS:
            notify(client.id, kind, "Wombat note", "/", name=MEMBER_NAME)
        queue_test_push(client)
        db.session.commit()
        pushes += [json.loads(payload) for payload in db.session.scalars(select(Delivery.payload))]
    print(f"\n{len(pushes)} push texts (reminders, discreet events, the test notification)")
    assert len(pushes) == len(REMINDER_KINDS) * 4 + len(DISCREET_EVENTS) + 1
    assert unmarked_pushes(pushes) == {}
