"""Every page is translatable: rendered in a pseudo-language that wraps each marked sentence in
⟦…⟧ (tests/pseudo_locale.py), a page shows no text outside the markers but what a person typed.

The pages are found by walking the URL map (every GET route, for a signed-out visitor, a client
and a member of her network), not from a list: a new page is checked the day it is born.
"""
import uuid
from datetime import date, timedelta

import pytest

from recoverynet.auth.confirm import make_confirm_token
from recoverynet.auth.models import User
from recoverynet.auth.reset import make_reset_token
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.network.invites import create_invite
from recoverynet.network.models import SCOPES, Contact, Grant
from recoverynet.reminders.models import Reminder
from recoverynet.rewards.models import Reward
from recoverynet.timeutil import utcnow
from tests.helpers import PASSWORD, make_user
from tests.pseudo_locale import PSEUDO, untranslated_text, write_pseudo_catalog

# Pages whose sentences are not marked yet (viewer, endpoint). The string-marking work empties
# this list; the walk fails when a page here has become clean (take it off) and when a page not
# here shows unmarked text (mark it).
NOT_YET_MARKED = {(viewer, endpoint) for viewer, endpoints in {
    "signed out": (
        "auth.confirm", "auth.forgot", "auth.login", "auth.reset", "auth.signed_out",
        "auth.signup", "support.join", "support.join_confirm"),
    "client": (
        "account.settings", "auth.confirm", "auth.forgot", "auth.login", "auth.reset",
        "auth.signed_out", "auth.signup", "crisis.alerted", "crisis.crisis", "crisis.edit_plan",
        "network.confirm_delete", "network.edit", "network.index", "network.new", "network.show",
        "network.views", "notifications.index", "reminders.edit", "reminders.index",
        "reminders.new", "rewards.index", "rewards.show", "support.index", "support.join",
        "support.join_confirm"),
    "member": (
        "account.settings", "auth.confirm", "auth.forgot", "auth.login", "auth.reset",
        "auth.signed_out", "auth.signup", "crisis.alerted", "crisis.crisis", "crisis.edit_plan",
        "network.index", "network.new", "network.views", "notifications.index", "reminders.index",
        "reminders.new", "rewards.index", "rewards.pledge", "rewards.show", "support.client",
        "support.index", "support.join", "support.join_confirm"),
}.items() for endpoint in endpoints}

# What the made-up people typed: distinctive, so it is never mistaken for a sentence of ours.
CLIENT_NAME, MEMBER_NAME = "Zephyrine Quillfeather", "Marisol Thistlewood"
TYPED = (CLIENT_NAME, MEMBER_NAME, "zephyrine@example.org", "marisol@example.org", "Bartholomew Nightjar",
         "Quokkaland Excursion", "xylophone-trigger", "Nebulous situation note", "Ocelot coping",
         "Wombat note", "Periwinkle warning", "Zanzibar meeting note", "01632 960123",
         "BN", "MT")  # the last two: the network map's dots, the initials of two names
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
    """A client with a little of everything, a member who sees it all, and the tokens of the
    signed-out pages; everyone reads the pseudo-language."""
    with app.app_context():
        client = make_user("zephyrine@example.org", CLIENT_NAME, language=PSEUDO, timezone="Europe/Madrid",
                           sober_since=date.today() - timedelta(days=40))
        member = make_user("marisol@example.org", MEMBER_NAME, language=PSEUDO, is_client=False,
                           timezone="Europe/Madrid")
        card = Contact(client_id=client.id, name=MEMBER_NAME, member_id=member.id, joined_at=utcnow(),
                       relationship="friend", grants=[Grant(scope=scope) for scope in SCOPES])
        waiting = Contact(client_id=client.id, name="Bartholomew Nightjar", relationship="sponsor")
        entry = Entry(user_id=client.id, device_id=str(uuid.uuid4()), mood=3, craving=4,
                      situation="Nebulous situation note", coping="Ocelot coping", note="Wombat note",
                      triggers=[EntryTrigger(label="xylophone-trigger")])
        meeting = Meeting(client_id=client.id, attended_on=date.today() - timedelta(days=1), kind="aa",
                          note="Zanzibar meeting note")
        reward = Reward(client_id=client.id, giver_id=member.id, title="Quokkaland Excursion", kind="outing",
                        milestone_kind="sober_days", milestone_target=400)
        reminder = Reminder(user_id=client.id, kind="checkin", times="20:00")
        plan = CrisisPlan(user_id=client.id, warning_signs="Periwinkle warning",
                          callees=[Callee(position=0, name=MEMBER_NAME, daytime_phone="01632 960123")])
        db.session.add_all([card, waiting, entry, meeting, reward, reminder, plan])
        db.session.commit()
        _invite, invite_token = create_invite(waiting)
        pending = make_user("pending@example.org", "Pending Person", confirmed_at=None)
        return {"<int:entry_id>": entry.id, "<int:contact_id>": card.id, "<int:meeting_id>": meeting.id,
                "<int:reward_id>": reward.id, "<int:reminder_id>": reminder.id, "<int:client_id>": client.id,
                "/reset/<token>": make_reset_token(db.session.get(User, client.id)),
                "/confirm/<token>": make_confirm_token(pending),
                "/join/confirm/<token>": make_confirm_token(pending, _invite.id), "<token>": invite_token}


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
            found[(viewer, endpoint)] = untranslated_text(response.get_data(as_text=True), TYPED)
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
