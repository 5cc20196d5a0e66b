"""Who may reach each route. Every route must have a row here: a new route without one fails.

Outcomes: "ok" (the route did its job or showed its form), "login" (sent to sign in),
"hidden" (404: another person's data is not even confirmed to exist), "nothing" (the page
opens but shows none of the client's data: a member who was granted nothing).
"""
import uuid
from datetime import date, timedelta

import pytest

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.auth.reset import make_reset_token
from recoverynet.checkins.models import ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.invites import create_invite
from recoverynet.network.models import SCOPES, Contact, Grant
from recoverynet.reminders.models import Reminder
from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.timeutil import utcnow
from tests.helpers import make_user
from tests.network_world import OLI_SECRETS, build_oli_network, oli_snapshot
from tests.routes import every_route

PEOPLE = ("anonymous", "client", "other_client", "member_with_scope", "member_without_scope",
          "removed_member", "other_networks_member")
EMAILS = {"client": "casey@example.org", "other_client": "oli@example.org",
          "member_with_scope": "mia@example.org", "member_without_scope": "nia@example.org",
          "removed_member": "rex@example.org", "other_networks_member": "ola@example.org"}

PUBLIC = ("ok",) * 7
SIGNED_IN = ("login",) + ("ok",) * 6
CLIENT_ONLY = ("login", "ok") + ("hidden",) * 5
GIVER_ONLY = ("login", "hidden", "hidden", "ok", "hidden", "hidden", "hidden")
CLIENT_OR_GIVER = ("login", "ok", "hidden", "ok", "hidden", "hidden", "hidden")
MEMBERS_ONLY = ("login", "hidden", "hidden", "ok", "ok", "hidden", "hidden")
ASKED_MEMBER_ONLY = ("login", "hidden", "hidden", "ok", "hidden", "hidden", "hidden")

# (endpoint, method): what each of PEOPLE gets.
TABLE = {
    ("home.index", "GET"): PUBLIC,
    ("auth.signup", "GET"): PUBLIC,
    ("auth.signup", "POST"): PUBLIC,
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): PUBLIC,
    ("auth.logout", "POST"): PUBLIC,
    ("auth.signed_out", "GET"): PUBLIC,
    ("auth.forgot", "GET"): PUBLIC,
    ("auth.forgot", "POST"): PUBLIC,
    ("auth.reset", "GET"): PUBLIC,
    ("auth.reset", "POST"): PUBLIC,
    ("auth.resend", "POST"): PUBLIC,
    ("auth.confirm", "GET"): PUBLIC,
    ("auth.confirm", "POST"): PUBLIC,
    ("crisis.crisis", "GET"): PUBLIC,
    ("pwa.service_worker", "GET"): PUBLIC,
    ("pwa.manifest", "GET"): PUBLIC,
    ("pwa.offline", "GET"): PUBLIC,
    ("support.join", "GET"): PUBLIC,
    ("support.join", "POST"): PUBLIC,
    ("support.join_resend", "POST"): PUBLIC,
    ("support.join_confirm", "GET"): PUBLIC,
    ("support.join_confirm", "POST"): PUBLIC,
    ("i18n.switch_language", "POST"): PUBLIC,
    # Everyone signed in has their own settings, log, map, meetings, rewards and inbox.
    ("account.settings", "GET"): SIGNED_IN,
    ("account.profile", "POST"): SIGNED_IN,
    ("account.password", "POST"): SIGNED_IN,
    ("account.start_recovery", "POST"): SIGNED_IN,
    # Another person's session id is treated as already signed out: nothing happens to it.
    ("account.sign_out_device", "POST"): SIGNED_IN,
    ("account.sign_out_other_devices", "POST"): SIGNED_IN,
    ("account.sign_out_everywhere", "POST"): SIGNED_IN,
    # Deleting acts on the signed-in person only (a wrong password here: the page again, nothing deleted).
    ("deletion.confirm", "GET"): SIGNED_IN,
    ("deletion.delete", "POST"): SIGNED_IN,
    ("deletion.deleted", "GET"): PUBLIC,
    ("log.index", "GET"): SIGNED_IN,
    ("log.new", "GET"): SIGNED_IN,
    ("log.create", "POST"): SIGNED_IN,
    ("sobriety.slip", "GET"): SIGNED_IN,
    ("sobriety.slip", "POST"): SIGNED_IN,
    ("network.index", "GET"): SIGNED_IN,
    ("network.new", "GET"): SIGNED_IN,
    ("network.create", "POST"): SIGNED_IN,
    ("network.views", "GET"): SIGNED_IN,
    ("warning.told", "GET"): SIGNED_IN,  # each person's own early-warning page: only their own signs
    ("meetings.index", "GET"): SIGNED_IN,
    ("meetings.create", "POST"): SIGNED_IN,
    ("rewards.index", "GET"): SIGNED_IN,
    ("notifications.index", "GET"): SIGNED_IN,
    ("notifications.mark_read", "POST"): SIGNED_IN,
    ("support.index", "GET"): SIGNED_IN,
    ("account.notifications", "POST"): SIGNED_IN,
    ("account.language", "POST"): SIGNED_IN,
    ("push.subscribe", "POST"): SIGNED_IN,
    ("push.unsubscribe", "POST"): SIGNED_IN,
    ("push.test", "POST"): SIGNED_IN,
    ("reminders.index", "GET"): SIGNED_IN,
    ("medication.index", "GET"): SIGNED_IN,  # the signed-in person's own doses
    ("reminders.new", "GET"): SIGNED_IN,
    ("reminders.create", "POST"): SIGNED_IN,
    ("crisis.edit_plan", "GET"): SIGNED_IN,
    ("crisis.save", "POST"): SIGNED_IN,
    ("crisis.review", "POST"): SIGNED_IN,
    ("crisis.alert", "POST"): SIGNED_IN,
    ("crisis.alerted", "GET"): SIGNED_IN,
    # Everyone's own relapse-prevention plan: a member posting it writes their own, never the client's.
    ("prevention.plan", "GET"): SIGNED_IN,
    ("prevention.save", "POST"): SIGNED_IN,
    ("prevention.review", "POST"): SIGNED_IN,
    ("log.triggers.index", "GET"): SIGNED_IN,
    # Insights read the signed-in person's own log.
    ("insights.index", "GET"): SIGNED_IN,
    # Each person downloads their own data: what they own as a client and what they wrote as a member.
    ("yourdata.download", "POST"): SIGNED_IN,
    # Each person brings an export into their own account only, and only while it is empty (else a 409).
    ("yourdata_import.page", "GET"): SIGNED_IN,
    ("yourdata_import.upload", "POST"): SIGNED_IN,
    # The client's own records, by id.
    ("log.edit", "GET"): CLIENT_ONLY,
    ("log.update", "POST"): CLIENT_ONLY,
    ("log.confirm_delete", "GET"): CLIENT_ONLY,
    ("log.delete", "POST"): CLIENT_ONLY,
    ("network.show", "GET"): CLIENT_ONLY,
    ("network.edit", "GET"): CLIENT_ONLY,
    ("network.update", "POST"): CLIENT_ONLY,
    ("network.confirm_delete", "GET"): CLIENT_ONLY,
    ("network.delete", "POST"): CLIENT_ONLY,
    ("sharing.invite", "POST"): CLIENT_ONLY,
    ("sharing.withdraw", "POST"): CLIENT_ONLY,
    ("sharing.sharing", "POST"): CLIENT_ONLY,
    ("sharing.remove", "POST"): CLIENT_ONLY,
    ("meetings.delete", "POST"): CLIENT_ONLY,
    ("rewards.redeem", "POST"): CLIENT_ONLY,
    ("reminders.edit", "GET"): CLIENT_ONLY,
    ("reminders.update", "POST"): CLIENT_ONLY,
    ("reminders.pause", "POST"): CLIENT_ONLY,
    ("reminders.delete", "POST"): CLIENT_ONLY,
    ("reminders.snooze", "POST"): CLIENT_ONLY,
    # A dose is answered by the reminder's owner only; members with the scope see adherence on
    # support.client, never the doses (tests/test_medication.py).
    ("medication.answer", "POST"): CLIENT_ONLY,
    ("rewards.thank", "POST"): CLIENT_ONLY,
    ("rewards.accept", "POST"): CLIENT_ONLY,
    ("rewards.decline", "POST"): CLIENT_ONLY,
    ("rewards.tell", "POST"): CLIENT_ONLY,
    ("home.thank", "POST"): CLIENT_ONLY,
    ("log.triggers.rename", "POST"): CLIENT_ONLY,
    ("log.triggers.hide", "POST"): CLIENT_ONLY,
    ("log.triggers.show", "POST"): CLIENT_ONLY,
    ("log.triggers.delete", "POST"): CLIENT_ONLY,
    # The client's space as members see it.
    ("support.client", "GET"): ("login", "hidden", "hidden", "ok", "nothing", "hidden", "hidden"),
    ("leaving.confirm", "GET"): MEMBERS_ONLY,
    # A member without the mood or trigger scope gets the page saying so, with no chart.
    ("insights.member", "GET"): MEMBERS_ONLY,
    ("leaving.leave", "POST"): MEMBERS_ONLY,
    ("rewards.encourage", "POST"): MEMBERS_ONLY,
    ("rewards.pledge", "GET"): MEMBERS_ONLY,
    ("rewards.pledge", "POST"): MEMBERS_ONLY,
    ("rewards.show", "GET"): CLIENT_OR_GIVER,
    ("rewards.withdraw", "POST"): GIVER_ONLY,
    ("rewards.keep", "POST"): GIVER_ONLY,
    # Practical needs: everyone signed in has their own list; a need by id is its client's. A member
    # sees the client's needs with the scope, and moves along only those they help with (Mia helps;
    # tests/test_needs_members.py has a member with the scope who doesn't).
    ("needs.index", "GET"): SIGNED_IN,
    ("needs.new", "GET"): SIGNED_IN,
    ("needs.create", "POST"): SIGNED_IN,
    ("needs.edit", "GET"): CLIENT_ONLY,
    ("needs.update", "POST"): CLIENT_ONLY,
    ("needs.confirm_delete", "GET"): CLIENT_ONLY,
    ("needs.delete", "POST"): CLIENT_ONLY,
    ("member_needs.index", "GET"): GIVER_ONLY,
    ("member_needs.progress", "GET"): GIVER_ONLY,
    ("member_needs.update", "POST"): GIVER_ONLY,
    # The starter plan: everyone signed in shows or hides their own, and plans their own activity.
    ("starter.show", "POST"): SIGNED_IN,
    ("starter.hide", "POST"): SIGNED_IN,
    ("starter.activity", "GET"): SIGNED_IN,
    ("starter.save_activity", "POST"): SIGNED_IN,
    ("starter.clear_activity", "POST"): SIGNED_IN,
    # The weekly check-in: everyone has their own; a client's check-ins open to the client and members
    # holding the check-ins scope (Mia, who also takes part; tests/test_checkins.py has one who doesn't);
    # a note is changed only by its author (Casey's, here).
    ("checkins.mine", "GET"): SIGNED_IN,
    ("checkin_schedule.schedule", "GET"): SIGNED_IN,
    ("checkin_schedule.save_schedule", "POST"): SIGNED_IN,
    ("checkins.overview", "GET"): CLIENT_OR_GIVER,
    ("checkins.upcoming", "GET"): CLIENT_OR_GIVER,
    ("checkins.show", "GET"): CLIENT_OR_GIVER,
    ("checkins.add_note", "POST"): CLIENT_OR_GIVER,
    ("checkins.add_item", "POST"): CLIENT_OR_GIVER,
    ("checkins.tick_item", "POST"): CLIENT_OR_GIVER,
    ("checkins.edit_note", "GET"): CLIENT_ONLY,
    ("checkins.update_note", "POST"): CLIENT_ONLY,
    # Looking back at a slip: the client's own; a member only if asked AND holding the scope now
    # (Nia was asked but has no scope: she gets what a stranger gets).
    ("analysis.index", "GET"): SIGNED_IN,
    ("analysis.start", "POST"): SIGNED_IN,
    ("analysis.step", "GET"): CLIENT_ONLY,
    ("analysis.step", "POST"): CLIENT_ONLY,
    ("analysis.show", "GET"): CLIENT_ONLY,
    ("analysis.ask", "POST"): CLIENT_ONLY,
    ("analysis.close", "POST"): CLIENT_ONLY,
    ("analysis.reopen", "POST"): CLIENT_ONLY,
    ("analysis.confirm_delete", "GET"): CLIENT_ONLY,
    ("analysis.delete", "POST"): CLIENT_ONLY,
    ("perspectives.perspective", "GET"): ASKED_MEMBER_ONLY,
    ("perspectives.save", "POST"): ASKED_MEMBER_ONLY,
    # The monthly review: everyone has their own (and its schedule); a client's reviews open to the
    # client and members holding the check-ins scope (Mia, who is also asked to take part).
    ("review.mine", "GET"): SIGNED_IN,
    ("review.save", "POST"): SIGNED_IN,
    ("review.mark_crisis_reviewed", "POST"): SIGNED_IN,
    ("review.schedule", "GET"): SIGNED_IN,
    ("review.save_schedule", "POST"): SIGNED_IN,
    ("review.overview", "GET"): CLIENT_OR_GIVER,
    ("review.show", "GET"): CLIENT_OR_GIVER,
    # The client's own questionnaires and use-day calendar: each client their own (Oli answers his own);
    # a supporter without a recovery space has none (404).
    ("measures.index", "GET"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ("measures.answer", "GET"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ("measures.save", "POST"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ("measures.result", "GET"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ("measures.this_month", "GET"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ("measures.calendar", "GET"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ("measures.confirm", "POST"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    # Progress, month by month: each client's own (a supporter without a recovery space has none); a
    # member's view of it opens to members, with the figures only for one holding the measures scope.
    ("measures.progress", "GET"): ("login", "ok", "ok", "hidden", "hidden", "hidden", "hidden"),
    ("measures.member_progress", "GET"): MEMBERS_ONLY,
    # The caseload and its report: only for a member some client calls clinician or peer coach. Here
    # nobody is (Mia holds "measures" as a friend; Casey and Oli are clients): each gets a 404.
    # tests/test_caseload.py has the clinician who sees it, and one without the scope who sees nobody.
    ("caseload.index", "GET"): ("login",) + ("hidden",) * 6,
    ("caseload.service_report", "GET"): ("login",) + ("hidden",) * 6,
}

ENTRY_FORM = {"mood": "2", "craving": "5", "triggers": ["lonely"]}
FORMS = {
    "auth.signup": {"email": "new@example.org", "password": "long enough pass", "display_name": "New",
                    "timezone": "UTC", "country": "GB"},
    "auth.login": {"email": "casey@example.org", "password": "wrong password"},
    "auth.forgot": {"email": "casey@example.org"},
    "auth.resend": {"email": "casey@example.org"},
    "support.join_resend": {"email": "joiner@example.org"},
    "auth.reset": {"password": "a brand new passphrase"},
    "account.profile": {"display_name": "Casey", "timezone": "Europe/London", "country": "GB"},
    "account.password": {"current_password": "wrong", "new_password": "short"},
    "account.sign_out_device": {"session_id": "1"},
    "deletion.delete": {"password": "wrong password"},
    "log.create": ENTRY_FORM,
    "log.update": ENTRY_FORM,
    "sobriety.slip": {"happened_on": "2024-01-01", "count": "keep"},
    "network.create": {"name": "Sam", "relationship": "friend", "circle": "middle"},
    "network.update": {"name": "Mia", "relationship": "partner", "circle": "inner"},
    "sharing.sharing": {"scopes": ["sober_days"]},
    "reminders.create": {"kind": "checkin", "time_1": "20:00"},
    "reminders.update": {"time_1": "21:00"},
    "medication.answer": {"day": date.today().isoformat(), "time": "20:00", "answer": "taken"},
    "account.notifications": {"quiet_start": "23:00", "quiet_end": "07:00"},
    "account.language": {"language": "es"},
    "log.triggers.rename": {"label": "pay day"},
    "home.thank": {"thanks": "Thanks"},
    "i18n.switch_language": {"lang": "es", "next": "/"},
    "crisis.save": {"person-0-name": "Jo", "person-0-day": "01632 960123"},
    "prevention.save": {"triggers": "Payday", "action-0-text": "Call Jo", "add-triggers": "conflict"},
    "meetings.create": {"attended_on": "2024-01-01", "kind": "aa"},
    "checkin_schedule.save_schedule": {"weekday": "0", "time": "18:00", "mode": "phone", "lead_minutes": "60"},
    "checkins.add_note": {"section": "wins", "text": "A good week"},
    "checkins.add_item": {"what": "Call the clinic", "owner_id": "1"},
    "checkins.tick_item": {"done": "1"},
    "checkins.update_note": {"text": "Changed", "version": "1"},
    "rewards.thank": {"thanks": "Thank you!"},
    "analysis.start": {"looked_at": "2024-01-01"},
    "analysis.step": {"situation": "After work", "step": ["Got paid"], "go": "next"},
    "analysis.ask": {"members": ["1", "2", "3", "4", "5", "6", "7", "8"], "see_each_other": "on"},
    "perspectives.save": {"situation": "As I saw it", "step": ["A call"]},
    "rewards.encourage": {"text": "Proud of you"},
    "rewards.pledge": {"title": "Dinner", "kind": "meal", "when": "sober_days", "target": "30"},
    "needs.create": {"area": "housing", "title": "A flat", "status": "not_started"},
    "needs.update": {"area": "work", "title": "A course", "status": "in_progress"},
    "review.save": {"held_on": "2024-01-01", "goals": "Walk every morning"},
    "review.mark_crisis_reviewed": {"goals": "Walk every morning"},
    "review.save_schedule": {"day_of_month": "5", "time": "18:00"},
    "starter.save_activity": {"sober_activity": "Football on Saturday"},
    "measures.save": {"item-1": "4", "item-2": "5"},
    "measures.confirm": {},
    "member_needs.update": {"status": "in_progress", "next_step": "Call the council"},
    "support.join": {"email": "joiner@example.org", "password": "long enough pass", "display_name": "Jo",
                     "timezone": "UTC", "country": "GB"},
}


def contact(client_id, name, member_id=None, scopes=()):
    card = Contact(client_id=client_id, name=name, member_id=member_id, relationship="friend",
                   joined_at=utcnow() if member_id else None)
    card.grants = [Grant(scope=scope) for scope in scopes]
    db.session.add(card)
    db.session.flush()
    return card


@pytest.fixture
def world(app, people):
    """Casey's network: Mia sees everything, Nia nothing yet, Rex was removed; Ola supports Oli,
    whose own network (tests/network_world.py) stands beside Casey's, to stay untouched and unseen."""
    with app.app_context():
        ids = dict(people)
        for role in ("member_with_scope", "member_without_scope", "removed_member", "other_networks_member"):
            ids[role] = make_user(EMAILS[role], role.replace("_", " ").title(), is_client=False).id
        casey, oli = ids["client"], ids["other_client"]
        mia_card = contact(casey, "Mia", ids["member_with_scope"], scopes=SCOPES)
        contact(casey, "Nia", ids["member_without_scope"])
        contact(casey, "Rex")  # removed: the card stays, the link is gone
        invitee = contact(casey, "Dana")
        entry = Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=3)
        meeting = Meeting(client_id=casey, attended_on=date.today() - timedelta(days=1), kind="na")
        reward = Reward(client_id=casey, giver_id=ids["member_with_scope"], title="Cinema",
                        milestone_kind="sober_days", milestone_target=400)
        reminder = Reminder(user_id=casey, kind="medication", times="20:00")  # a dose to answer, too
        trigger = CustomTrigger(user_id=casey, label="payday")
        message = Encouragement(client_id=casey, sender_id=ids["member_with_scope"], text="Proud of you")
        db.session.add_all([entry, meeting, reward, reminder, trigger, message])
        db.session.commit()
        # Casey's weekly check-in: Mia takes part; last week's meeting has Casey's note and Mia's item.
        plan = CheckinPlan(client_id=casey, weekday=0, time="18:00", mode="phone",
                           participants=[CheckinParticipant(member_id=ids["member_with_scope"])])
        checkin = Checkin(client_id=casey, held_on=date.today() - timedelta(days=7))
        db.session.add_all([plan, checkin])
        db.session.flush()
        checkin_note = CheckinNote(checkin_id=checkin.id, section="wins", author_id=casey, text="Ten days")
        action_item = ActionItem(client_id=casey, checkin_id=checkin.id, what="Call", owner_id=ids["member_with_scope"])
        db.session.add_all([checkin_note, action_item])
        db.session.commit()
        looking_back = Analysis(client_id=casey, looked_at=date.today() - timedelta(days=3), situation="Payday")
        db.session.add(looking_back)
        db.session.flush()
        db.session.add_all([Perspective(analysis_id=looking_back.id, member_id=ids[role])
                            for role in ("member_with_scope", "member_without_scope")])
        db.session.commit()
        need = Need(client_id=casey, area="housing", title="Flat", helpers=[NeedHelper(contact_id=mia_card.id)])
        db.session.add(need)
        # Casey's monthly review: Mia is asked, and took part in last month's.
        db.session.add(ReviewPlan(client_id=casey, day_of_month=5, time="18:00",
                                  participants=[ReviewParticipant(member_id=ids["member_with_scope"])]))
        review = MonthlyReview(client_id=casey, held_on=date.today() - timedelta(days=30), goals="Walk",
                               attendees=[ReviewAttendee(member_id=ids["member_with_scope"])])
        db.session.add(review)
        db.session.commit()
        build_oli_network(app, oli, ola_id=ids["other_networks_member"])
        oli_before = oli_snapshot(app, oli)  # before any of Casey's set-up, which must not touch it either
        invite, token = create_invite(invitee)
        from recoverynet.auth.confirm import make_confirm_token
        from recoverynet.auth.models import User
        pending = make_user("pending@example.org", "Pending", confirmed_at=None)
        return {"confirm": make_confirm_token(pending), "join_confirm": make_confirm_token(pending, invite.id),
                "ids": ids, "entry_id": entry.id, "reminder_id": reminder.id, "meeting_id": meeting.id, "reward_id": reward.id,
                "trigger_id": trigger.id, "message_id": message.id, "analysis_id": looking_back.id,
                "contact_id": mia_card.id, "client_id": casey, "invite": token,
                "held_on": checkin.held_on.isoformat(), "note_id": checkin_note.id, "item_id": action_item.id,
                "reset": make_reset_token(db.session.get(User, casey)), "oli_before": oli_before,
                "need_id": need.id, "review_id": review.id}


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
    if b"hasn&#39;t shared anything with you yet" in response.data or b"hasn't shared anything" in response.data:
        return "nothing"
    return "ok"


# Which of the world's tokens a route with <token> takes (an invite's, unless listed).
TOKENS = (("/reset", "reset"), ("/confirm", "confirm"), ("/join/confirm", "join_confirm"))


def fill(rule: str, world: dict) -> str:
    return (rule.replace("<int:entry_id>", str(world["entry_id"]))
            .replace("<int:contact_id>", str(world["contact_id"]))
            .replace("<int:meeting_id>", str(world["meeting_id"]))
            .replace("<int:reward_id>", str(world["reward_id"]))
            .replace("<int:reminder_id>", str(world["reminder_id"]))
            .replace("<int:client_id>", str(world["client_id"]))
            .replace("<int:trigger_id>", str(world["trigger_id"]))
            .replace("<int:message_id>", str(world["message_id"]))
            .replace("<int:need_id>", str(world["need_id"]))
            .replace("<held_on>", world["held_on"]).replace("<int:note_id>", str(world["note_id"]))
            .replace("<int:item_id>", str(world["item_id"]))
            .replace("<int:analysis_id>", str(world["analysis_id"]))
            .replace("<int:review_id>", str(world["review_id"]))
            .replace("<any(before, inside, chain, after, change):step>", "before")
            .replace("<any(barc10, mspss):instrument>", "barc10")
            .replace("<month>", (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))
            .replace("<token>", next((world[key] for prefix, key in TOKENS if rule.startswith(prefix)),
                                     world["invite"])))


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("endpoint", "method"), sorted(TABLE))
def test_route_answers_each_person_as_the_table_says(app, client, auth, world, endpoint, method, person):
    if person != "anonymous":
        assert auth.login(EMAILS[person]).status_code == 303
    rule = next(r for e, m, r in every_route(app) if (e, m) == (endpoint, method))
    url = fill(rule, world)
    response = client.open(url, method=method, data=FORMS.get(endpoint) if method == "POST" else None)
    expected = TABLE[(endpoint, method)][PEOPLE.index(person)]
    assert outcome(response) == expected, f"{method} {url} as {person}: {response.status_code}"
    if person not in ("other_client", "other_networks_member"):  # Casey's side never reaches Oli's
        body = response.get_data().decode("utf-8", "replace")  # a download (a zip) is bytes
        assert [secret for secret in OLI_SECRETS if secret in body] == [], f"{method} {url} as {person}"
        assert oli_snapshot(app, world["ids"]["other_client"]) == world["oli_before"], f"{method} {url} as {person}"


def test_another_clients_request_leaves_the_entry_untouched(app, client, auth, world):
    auth.login(EMAILS["other_client"])
    client.post(f"/log/{world['entry_id']}", data={"mood": "1"})
    client.post(f"/log/{world['entry_id']}/delete")
    with app.app_context():
        entry = db.session.get(Entry, world["entry_id"])
        assert entry is not None and entry.mood == 3
