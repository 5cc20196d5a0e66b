"""Shared set-up for network tests: Casey (client) and the people around her."""
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.timeutil import utcnow
from tests.helpers import make_user


def add_member(app, client_id: int, email: str, name: str, scopes=(), **card) -> tuple[int, int]:
    """A member with an account, linked to a card on the client's map: (user id, card id)."""
    with app.app_context():
        member = make_user(email, name, is_client=False)
        contact = Contact(client_id=client_id, name=card.pop("card_name", name), member_id=member.id,
                          joined_at=utcnow(), relationship=card.pop("relationship", "partner"), **card)
        contact.grants = [Grant(scope=scope) for scope in scopes]
        db.session.add(contact)
        db.session.commit()
        return member.id, contact.id


def sign_in_as(client, email: str) -> None:
    from tests.helpers import PASSWORD
    client.post("/logout")
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303


# Words that exist only in Oli's data: no page Casey or her members open may show one.
OLI_SECRETS = ("Kayak for Oli", "OLI-ENTRY-NOTE", "OLI-MEETING-NOTE", "OLI-WARNING-SIGNS", "Pat Oli-card",
               "OLI-PREVENTION-PLAN")
OLI_SECRETS += ("OLI-NEED-TITLE", "OLI-NEED-STEP")  # practical needs
OLI_SECRETS += ("OLI-CHECKIN-NOTE", "OLI-ACTION-ITEM")  # the weekly check-in
OLI_SECRETS += ("OLI-MEDICATION",)  # medication support


def build_oli_network(app, oli_id: int, ola_id: int | None = None) -> dict:
    """Oli's own network beside Casey's, so a query that forgets "this client only" shows: Ola
    sees everything and accepts crisis alerts, has pledged a reward Oli has not reached, and a
    card waits on an open invite; Oli has entries, a meeting and a crisis plan with an alert.
    Pass `ola_id` to use an account that already exists."""
    import uuid
    from datetime import timedelta

    from recoverynet.auth.models import User
    from recoverynet.crisis.models import Callee, CrisisAlert, CrisisPlan
    from recoverynet.log.models import Entry, EntryTrigger
    from recoverynet.meetings.models import Meeting
    from recoverynet.needs.models import Need, NeedHelper
    from recoverynet.network.invites import create_invite
    from recoverynet.network.models import SCOPES
    from recoverynet.prevention.models import PreventionAction, PreventionPlan
    from recoverynet.rewards.models import Reward
    from recoverynet.timeutil import local_today

    with app.app_context():
        oli = db.session.get(User, oli_id)
        today = local_today(oli.timezone)
        oli.sober_since = today - timedelta(days=5)
        if ola_id is None:
            ola_id = make_user("ola@example.org", "Ola Member", is_client=False).id
        ola_card = Contact(client_id=oli_id, name="Ola", member_id=ola_id, joined_at=utcnow(), relationship="friend")
        ola_card.grants = [Grant(scope=scope) for scope in SCOPES]
        waiting = Contact(client_id=oli_id, name="Pat Oli-card", relationship="sponsor")
        now = utcnow()
        entries = [Entry(user_id=oli_id, device_id=str(uuid.uuid4()), mood=2, craving=7, note="OLI-ENTRY-NOTE",
                         situation="OLI-ENTRY-NOTE", logged_at=now - timedelta(hours=hours),
                         triggers=[EntryTrigger(label="payday")]) for hours in (1, 2, 3)]
        meetings = [Meeting(client_id=oli_id, attended_on=today - timedelta(days=days), kind="aa",
                            note="OLI-MEETING-NOTE") for days in (0, 1)]
        reward = Reward(client_id=oli_id, giver_id=ola_id, title="Kayak for Oli", kind="outing",
                        milestone_kind="sober_days", milestone_target=10, pledged_at=now - timedelta(days=3))
        plan = CrisisPlan(user_id=oli_id, warning_signs="OLI-WARNING-SIGNS",
                          callees=[Callee(position=0, name="Ola", daytime_phone="01632 960999")])
        alert = CrisisAlert(user_id=oli_id, device_id=str(uuid.uuid4()), notified=1)
        prevention = PreventionPlan(user_id=oli_id, triggers="OLI-PREVENTION-PLAN",
                                    actions=[PreventionAction(position=0, action="OLI-PREVENTION-PLAN", helper_name="Ola")])
        db.session.add_all([ola_card, waiting, *entries, *meetings, reward, plan, alert, prevention])
        db.session.commit()
        invite, token = create_invite(waiting)
        db.session.add(Need(client_id=oli_id, area="housing", title="OLI-NEED-TITLE", next_step="OLI-NEED-STEP",
                            helpers=[NeedHelper(contact_id=ola_card.id)]))
        db.session.commit()
        from recoverynet.checkins.models import ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
        checkin = Checkin(client_id=oli_id, held_on=today - timedelta(days=7))
        db.session.add_all([checkin, CheckinPlan(client_id=oli_id, weekday=today.weekday(), time="19:00",
                                                 participants=[CheckinParticipant(member_id=ola_id)])])
        db.session.flush()
        db.session.add_all([CheckinNote(checkin_id=checkin.id, section="risks", author_id=ola_id, text="OLI-CHECKIN-NOTE"),
                            ActionItem(client_id=oli_id, checkin_id=checkin.id, what="OLI-ACTION-ITEM", owner_id=ola_id,
                                       due_on=today + timedelta(days=1))])
        db.session.commit()
        from recoverynet.medication.models import MedicationAnswer
        from recoverynet.reminders.models import Reminder
        medication = Reminder(user_id=oli_id, kind="medication", title="OLI-MEDICATION", times="08:00",
                              created_at=now - timedelta(days=60))
        db.session.add(medication)
        db.session.flush()
        db.session.add_all([MedicationAnswer(user_id=oli_id, reminder_id=medication.id, day=today - timedelta(days=days),
                                             slot="08:00", answer="taken") for days in (1, 2, 3)])
        db.session.commit()
        return {"oli": oli_id, "ola": ola_id, "ola_card": ola_card.id, "waiting_card": waiting.id,
                "reward": reward.id, "invite": invite.id, "invite_token": token}


def oli_snapshot(app, oli_id: int) -> dict:
    """Everything of Oli's network a leak could change, to compare before and after."""
    from sqlalchemy import select

    from recoverynet.crisis.models import CrisisAlert, CrisisPlan
    from recoverynet.log.models import Entry
    from recoverynet.medication.models import MedicationAnswer
    from recoverynet.meetings.models import Meeting
    from recoverynet.needs.models import Need
    from recoverynet.network.models import Invite
    from recoverynet.notifications.models import Notification
    from recoverynet.prevention.models import PreventionPlan
    from recoverynet.rewards.models import Reward

    def rows(query):
        return [tuple(row) for row in db.session.execute(query)]

    cards = select(Contact.id).where(Contact.client_id == oli_id)
    members = select(Contact.member_id).where(Contact.client_id == oli_id, Contact.member_id.is_not(None))
    with app.app_context():
        return {
            "cards": rows(select(Contact.id, Contact.name, Contact.member_id).where(Contact.client_id == oli_id)
                          .order_by(Contact.id)),
            "grants": rows(select(Grant.contact_id, Grant.scope).where(Grant.contact_id.in_(cards))
                           .order_by(Grant.contact_id, Grant.scope)),
            "invites": rows(select(Invite.id, Invite.used_at, Invite.withdrawn_at).where(Invite.contact_id.in_(cards))
                            .order_by(Invite.id)),
            "entries": rows(select(Entry.id, Entry.mood, Entry.note, Entry.logged_at).where(Entry.user_id == oli_id)
                            .order_by(Entry.id)),
            "meetings": rows(select(Meeting.id, Meeting.attended_on).where(Meeting.client_id == oli_id)
                             .order_by(Meeting.id)),
            "rewards": rows(select(Reward.id, Reward.status, Reward.unlocked_at, Reward.giver_should_review,
                                   Reward.title).where(Reward.client_id == oli_id).order_by(Reward.id)),
            "plan": rows(select(CrisisPlan.id, CrisisPlan.warning_signs).where(CrisisPlan.user_id == oli_id)),
            "alerts": rows(select(CrisisAlert.id, CrisisAlert.notified).where(CrisisAlert.user_id == oli_id)),
            "prevention": rows(select(PreventionPlan.id, PreventionPlan.triggers, PreventionPlan.reviewed_at)
                               .where(PreventionPlan.user_id == oli_id)),
            "needs": rows(select(Need.id, Need.status, Need.next_step, Need.next_step_on, Need.updated_by_id)
                          .where(Need.client_id == oli_id).order_by(Need.id)),
            "medication": rows(select(MedicationAnswer.reminder_id, MedicationAnswer.day, MedicationAnswer.slot,
                                      MedicationAnswer.answer).where(MedicationAnswer.user_id == oli_id)
                               .order_by(MedicationAnswer.id)),
            "told": rows(select(Notification.user_id, Notification.text).where(
                (Notification.user_id == oli_id) | Notification.user_id.in_(members)).order_by(Notification.id)),
        }
