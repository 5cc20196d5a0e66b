"""Deleting an account for good, and what of a member stays in the spaces of the people they supported.

Everything goes in bulk DELETE and UPDATE statements, children before parents, in one transaction:
five years of a client's history (20,000 entries with their triggers, meetings, notifications,
who-saw-what) go in about a second on SQLite and PostgreSQL, where deleting one ORM object at a
time took minutes (bench/delete_account.py measures it).

A deleted person's OWN space goes whole: their log and triggers, slips, meetings, crisis plan and
alerts, relapse-prevention plan, reminders and the medication doses answered, push subscriptions and every push queued or sent to
them, notifications, the map with every card, grant and invite on it (so every member loses access at once), rewards and
encouragement given to them, who-saw-what about them, sessions and known devices, and the sign-in
attempts, email requests and queued emails under their address. Notices other people got that
point at their space (a crisis alert, "Casey accepted your offer") go too, with their pushes: they
name the deleted person and would lead nowhere. Each member with a reward still pending for them
(offered or pledged) is told once, in the member's language, that the account was closed and the
reward withdrawn; nothing more. Each device's session leaves only its token's hash behind
(auth.models.DeletedAccountSession), so the device is told to forget what it keeps offline
(Clear-Site-Data) at its next visit.

A deleted MEMBER leaves, in each client's space, what the client would expect to keep:
- the card on the client's map, as a contact without an account (no link, no grants): the client
  can invite that person again;
- the encouragement they sent, shown as from "a former member": it is the client's memory;
- rewards already unlocked or redeemed, also "from a former member": the client earned them;
- the views they wrote when the client asked them to look back at a slip, also "from a former
  member", beside the client's own account (a request they never answered goes);
- they stop helping with the client's practical needs (the needs stay, as the client wrote them);
- rewards pledged or offered but not reached are withdrawn (nobody is left to give them), and the
  client is told once, neutrally, with the account's closing;
- the notes they wrote in the client's weekly check-ins, and the action items they took on, also
  "from a former member" (the meeting's record is the client's); they stop taking part.
Nothing else of theirs remains: their views in each client's who-saw-what go too (a line naming
nobody would say nothing).

Leaving a network (leaving.py) shares `unlink_member` with this: the card stays, the link
and grants go, pending pledges are withdrawn.
"""
from flask import current_app
from flask_babel import gettext, ngettext
from sqlalchemy import String, cast, delete, func, literal, or_, select, update
from sqlalchemy.sql import Executable

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.auth.models import (AuthSession, DeletedAccountSession, EmailRequest, KnownDevice, LoginAttempt,
                                     User)
from recoverynet.checkins.models import ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
from recoverynet.crisis.models import Callee, CrisisAlert, CrisisPlan
from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.insights.models import InsightMonth
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.mail import OutgoingEmail
from recoverynet.medication.models import MedicationAnswer
from recoverynet.measures.models import CalendarMonth, Questionnaire, QuestionnaireAnswer, UseDay
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.models import Contact, Grant, Invite, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.notifications.notify import notify
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.reminders.models import Reminder
from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
from recoverynet.rewards.models import Encouragement, Reward, RewardStatus
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import utcnow
from recoverynet.warning.models import WarningNotice, WarningSign

# Not reached yet, so nobody will give them once their giver or receiver is gone.
PENDING = (RewardStatus.OFFERED, RewardStatus.PLEDGED)


def _run(statement: Executable) -> int:
    """One bulk statement; the ORM is not asked to find the rows it touched (that is a SELECT each)."""
    return db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def unlink_member(contact: Contact) -> int:
    """Turn a member's card into a contact without an account: no link, no grants, and their
    pending rewards for this client withdrawn. Returns how many rewards were withdrawn."""
    member_id = contact.member_id
    _run(delete(Grant).where(Grant.contact_id == contact.id))
    _run(update(Contact).where(Contact.id == contact.id).values(member_id=None, joined_at=None))
    withdrawn = _run(update(Reward).where(Reward.client_id == contact.client_id, Reward.giver_id == member_id,
                                          Reward.status.in_(PENDING))
                     .values(status=RewardStatus.WITHDRAWN, withdrawn_at=utcnow()))
    db.session.expire(contact)
    return withdrawn


def delete_account(user: User) -> dict[str, int]:
    """Delete everything about `user` (see the module's docstring); the caller commits.
    Returns the rows deleted or changed, by table, for the benchmark."""
    uid = user.id
    counts: dict[str, int] = {}

    def run(name: str, statement: Executable) -> None:
        counts[name] = counts.get(name, 0) + _run(statement)

    _tell_givers(user)
    _tell_clients(user)

    # As a member: the cards stay on each client's map without an account.
    member_cards = select(Contact.id).where(Contact.member_id == uid, Contact.client_id != uid)
    run("grant", delete(Grant).where(Grant.contact_id.in_(member_cards)))
    # They stop helping with each client's needs; a change they made reads as from nobody in particular.
    run("need_helper", delete(NeedHelper).where(NeedHelper.contact_id.in_(member_cards)))
    run("need", update(Need).where(Need.updated_by_id == uid, Need.client_id != uid).values(updated_by_id=None))
    run("reward", update(Reward).where(Reward.giver_id == uid, Reward.client_id != uid, Reward.status.in_(PENDING))
        .values(status=RewardStatus.WITHDRAWN, withdrawn_at=utcnow()))
    run("contact", update(Contact).where(Contact.member_id == uid).values(member_id=None, joined_at=None))
    run("reward", update(Reward).where(Reward.giver_id == uid).values(giver_id=None))
    run("encouragement", update(Encouragement).where(Encouragement.sender_id == uid).values(sender_id=None))
    run("perspective", delete(Perspective).where(Perspective.member_id == uid, Perspective.written_at.is_(None)))
    run("perspective", update(Perspective).where(Perspective.member_id == uid).values(member_id=None))
    run("view_record", delete(ViewRecord).where(ViewRecord.member_id == uid))
    # Weekly check-ins: they stop taking part; their notes and items stay, as from a former member.
    run("checkin_participant", delete(CheckinParticipant).where(CheckinParticipant.member_id == uid))
    run("checkin_note", update(CheckinNote).where(CheckinNote.author_id == uid).values(author_id=None))
    for column in (ActionItem.owner_id, ActionItem.created_by_id, ActionItem.ticked_by_id):
        run("action_item", update(ActionItem).where(column == uid).values({column.key: None}))
    # Monthly reviews: they are asked no more, and the reviews they took part in no longer name them.
    run("review_participant", delete(ReviewParticipant).where(ReviewParticipant.member_id == uid))
    run("review_attendee", delete(ReviewAttendee).where(ReviewAttendee.member_id == uid))
    # Early warning: prompts waiting for them go; the client's list no longer names them.
    run("warning_notice", delete(WarningNotice).where(WarningNotice.member_id == uid))

    # What others were told about this person's space, and its pushes (before the rewards go).
    links = _links_into(uid)
    run("delivery", delete(Delivery).where(Delivery.user_id != uid, or_(
        *(Delivery.payload.contains(f'"url":"{link}"', autoescape=True) for link in links))))
    run("notification", delete(Notification).where(Notification.user_id != uid, Notification.link.in_(links)))

    # Their own space, children first.
    entries = select(Entry.id).where(Entry.user_id == uid)
    run("entry_trigger", delete(EntryTrigger).where(EntryTrigger.entry_id.in_(entries)))
    run("entry", delete(Entry).where(Entry.user_id == uid))
    run("insight_month", delete(InsightMonth).where(InsightMonth.user_id == uid))
    run("custom_trigger", delete(CustomTrigger).where(CustomTrigger.user_id == uid))
    analyses = select(Analysis.id).where(Analysis.client_id == uid)
    run("perspective", delete(Perspective).where(Perspective.analysis_id.in_(analyses)))
    run("analysis", delete(Analysis).where(Analysis.client_id == uid))
    run("slip", delete(Slip).where(Slip.user_id == uid))
    run("meeting", delete(Meeting).where(Meeting.client_id == uid))
    run("crisis_alert", delete(CrisisAlert).where(CrisisAlert.user_id == uid))
    run("callee", delete(Callee).where(Callee.plan_id.in_(select(CrisisPlan.id).where(CrisisPlan.user_id == uid))))
    run("crisis_plan", delete(CrisisPlan).where(CrisisPlan.user_id == uid))
    prevention_plans = select(PreventionPlan.id).where(PreventionPlan.user_id == uid)
    run("prevention_action", delete(PreventionAction).where(PreventionAction.plan_id.in_(prevention_plans)))
    run("prevention_plan", delete(PreventionPlan).where(PreventionPlan.user_id == uid))
    run("delivery", delete(Delivery).where(Delivery.user_id == uid))
    run("push_subscription", delete(PushSubscription).where(PushSubscription.user_id == uid))
    own_checkins = select(Checkin.id).where(Checkin.client_id == uid)
    run("checkin_note", delete(CheckinNote).where(CheckinNote.checkin_id.in_(own_checkins)))
    run("action_item", delete(ActionItem).where(ActionItem.client_id == uid))
    run("checkin", delete(Checkin).where(Checkin.client_id == uid))
    own_plan = select(CheckinPlan.id).where(CheckinPlan.client_id == uid)
    run("checkin_participant", delete(CheckinParticipant).where(CheckinParticipant.plan_id.in_(own_plan)))
    run("checkin_plan", delete(CheckinPlan).where(CheckinPlan.client_id == uid))
    own_reviews = select(MonthlyReview.id).where(MonthlyReview.client_id == uid)
    run("review_attendee", delete(ReviewAttendee).where(ReviewAttendee.review_id.in_(own_reviews)))
    run("monthly_review", delete(MonthlyReview).where(MonthlyReview.client_id == uid))
    own_review_plan = select(ReviewPlan.id).where(ReviewPlan.client_id == uid)
    run("review_participant", delete(ReviewParticipant).where(ReviewParticipant.plan_id.in_(own_review_plan)))
    run("review_plan", delete(ReviewPlan).where(ReviewPlan.client_id == uid))
    own_signs = select(WarningSign.id).where(WarningSign.client_id == uid)
    run("warning_notice", delete(WarningNotice).where(WarningNotice.sign_id.in_(own_signs)))
    run("warning_sign", delete(WarningSign).where(WarningSign.client_id == uid))
    run("medication_answer", delete(MedicationAnswer).where(MedicationAnswer.user_id == uid))
    own_questionnaires = select(Questionnaire.id).where(Questionnaire.client_id == uid)
    run("questionnaire_answer", delete(QuestionnaireAnswer)
        .where(QuestionnaireAnswer.questionnaire_id.in_(own_questionnaires)))
    run("questionnaire", delete(Questionnaire).where(Questionnaire.client_id == uid))
    run("use_day", delete(UseDay).where(UseDay.client_id == uid))
    run("calendar_month", delete(CalendarMonth).where(CalendarMonth.client_id == uid))
    run("reminder", delete(Reminder).where(Reminder.user_id == uid))
    own_needs = select(Need.id).where(Need.client_id == uid)
    run("need_helper", delete(NeedHelper).where(NeedHelper.need_id.in_(own_needs)))
    run("need", delete(Need).where(Need.client_id == uid))
    own_cards = select(Contact.id).where(Contact.client_id == uid)
    run("grant", delete(Grant).where(Grant.contact_id.in_(own_cards)))
    run("invite", delete(Invite).where(Invite.contact_id.in_(own_cards)))
    run("callee", update(Callee).where(Callee.contact_id.in_(own_cards)).values(contact_id=None))
    run("contact", delete(Contact).where(Contact.client_id == uid))
    run("reward", delete(Reward).where(Reward.client_id == uid))
    run("encouragement", delete(Encouragement).where(Encouragement.client_id == uid))
    run("view_record", delete(ViewRecord).where(ViewRecord.client_id == uid))
    run("notification", delete(Notification).where(Notification.user_id == uid))

    # Signing in: each device's session leaves only its hash, for telling that device to forget.
    _remember_ended_sessions(uid)
    run("auth_session", delete(AuthSession).where(AuthSession.user_id == uid))
    run("known_device", delete(KnownDevice).where(KnownDevice.user_id == uid))
    for model in (LoginAttempt, EmailRequest):
        run(model.__tablename__, delete(model).where(model.email == user.email))
    run("outgoing_email", delete(OutgoingEmail).where(OutgoingEmail.recipient == user.email))

    _clear_what_else_points_at(uid, run)
    run("user", delete(User).where(User.id == uid))
    db.session.expire_all()
    return counts


def _tell_givers(client: User) -> None:
    """Each member with a reward pending for this client learns, in their own language, that the
    account was closed and the reward withdrawn: nothing more."""
    pending = db.session.execute(
        select(Reward.giver_id, func.count()).where(Reward.client_id == client.id, Reward.giver_id.is_not(None),
                                                    Reward.giver_id != client.id, Reward.status.in_(PENDING))
        .group_by(Reward.giver_id).order_by(Reward.giver_id)).all()
    for giver_id, count in pending:
        giver = db.session.get(User, giver_id)
        with in_language_of(giver):
            text = ngettext("%(name)s closed their RecoveryNet account; the reward you pledged was withdrawn.",
                            "%(name)s closed their RecoveryNet account; the %(num)d rewards you pledged were withdrawn.",
                            count, name=client.display_name)
        notify(giver_id, "account_closed", text, "/support")


def _tell_clients(member: User) -> None:
    """Each client whose network this person was in learns it, in the client's language, by the
    name on their own card for them."""
    rows = db.session.execute(
        select(Contact, User).join(User, User.id == Contact.client_id)
        .where(Contact.member_id == member.id, Contact.client_id != member.id).order_by(Contact.id)).all()
    for contact, client in rows:
        pending = db.session.scalar(select(func.count()).select_from(Reward).where(
            Reward.client_id == client.id, Reward.giver_id == member.id, Reward.status.in_(PENDING)))
        with in_language_of(client):
            if pending:
                text = gettext("%(name)s closed their RecoveryNet account, and the rewards they pledged were "
                               "withdrawn. Their card stays on your map, without an account.", name=contact.name)
            else:
                text = gettext("%(name)s closed their RecoveryNet account. Their card stays on your map, "
                               "without an account.", name=contact.name)
        notify(client.id, "account_closed", text, f"/network/{contact.id}")


def _links_into(uid: int) -> list[str]:
    """The addresses inside this person's space that notices to other people point at: their page
    as members see it, each reward given to them and each looking back that someone was told about."""
    support = f"/support/{uid}"
    reward_links = select(literal("/rewards/") + cast(Reward.id, String)).where(Reward.client_id == uid)
    found = db.session.scalars(select(Notification.link).distinct().where(
        Notification.user_id != uid, Notification.link.in_(reward_links))).all()
    looked_back = (select(literal(f"{support}/looking-back/") + cast(Analysis.id, String))
                   .where(Analysis.client_id == uid))
    found += db.session.scalars(select(Notification.link).distinct().where(
        Notification.user_id != uid, Notification.link.in_(looked_back))).all()
    return [support, f"/checkins/{uid}", f"/checkins/{uid}/next", f"/review/{uid}", *found]


def _remember_ended_sessions(uid: int) -> None:
    lifetime = current_app.permanent_session_lifetime
    # A cookie older than its lifetime is never sent again: its hash can go.
    _run(delete(DeletedAccountSession).where(DeletedAccountSession.deleted_at < utcnow() - lifetime))
    hashes = db.session.scalars(select(AuthSession.token_hash).where(AuthSession.user_id == uid)).all()
    if hashes:
        db.session.execute(DeletedAccountSession.__table__.insert(),
                           [{"token_hash": token_hash, "deleted_at": utcnow()} for token_hash in hashes])


def _clear_what_else_points_at(uid: int, run) -> None:
    """A table added later that points at the person and isn't handled above: its rows go (or
    the link is cleared, where the column says SET NULL), so a new feature can't keep someone
    its author forgot. (For the tables above it finds nothing left: one indexed look each.) tests/test_delete_account.py walks the tables and checks nothing is left."""
    for table in reversed(db.metadata.sorted_tables):
        for key in table.foreign_keys:
            if key.column.table.name != "user":
                continue
            column = key.parent
            if key.ondelete == "SET NULL" and column.nullable:
                run(table.name, update(table).where(column == uid).values({column.name: None}))
            else:
                run(table.name, delete(table).where(column == uid))
