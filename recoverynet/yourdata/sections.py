"""What each part of an export holds: one query per section, however many rows (the rows are
streamed, so five years of entries never sit in memory at once)."""
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from itertools import groupby

from sqlalchemy import Select, inspect, select
from sqlalchemy.orm import aliased, selectinload

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.auth.models import AuthSession, KnownDevice, User
from recoverynet.checkins.models import ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
from recoverynet.crisis.models import Callee, CrisisAlert, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.medication.models import MedicationAnswer
from recoverynet.measures.models import CalendarMonth, Questionnaire, QuestionnaireAnswer, UseDay
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.models import Contact, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.reminders.models import Reminder
from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
from recoverynet.rewards.consent import giver_may_follow, status_for_giver
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import zone
from recoverynet.warning import export as early_warning

BATCH = 1000  # rows fetched at a time from a streamed query
PLAIN = frozenset({str, int, bool, float, type(None)})

# Columns never exported from any table: the row's own id and the links to people and parents
# (the export is one person's; who is on the other end is named instead), secrets, and the
# workers' leases.
NEVER = {"id", "user_id", "client_id", "member_id", "sender_id", "giver_id", "contact_id", "plan_id",
         "entry_id", "subscription_id", "reminder_id", "password_hash", "token_hash", "endpoint",
         "p256dh", "auth", "claimed_until", "claimed_by"}


@dataclass(frozen=True)
class Section:
    """One list (or record) in data.json, and its CSV file."""

    key: str
    rows: Callable[["Exporter"], Iterator[dict]]
    csv: str  # the CSV file's name
    header: list[str]  # its columns, so a file with no rows still says what it would hold


class Exporter:
    """Turns one person's rows into plain values, with every moment in their time zone."""

    def __init__(self, person: User):
        self.person = person
        self.tz = zone(person.timezone)

    def value(self, value):
        kind = type(value)
        if kind in PLAIN:  # most values: checked first, as five years of entries hold half a million
            return value
        if kind is datetime:
            return value.astimezone(self.tz).isoformat(timespec="seconds")
        if kind is date:
            return value.isoformat()
        if isinstance(value, Enum):
            return value.value
        return value

    def record(self, row, names: list[str], **extra) -> dict:
        """`names` of a model instance or a result row, as exported values, then `extra`."""
        found = row._mapping if hasattr(row, "_mapping") else None
        values = {name: self.value(found[name] if found is not None else getattr(row, name)) for name in names}
        return values | {name: self.value(value) for name, value in extra.items()}

    def stream(self, query: Select):
        return db.session.execute(query.execution_options(yield_per=BATCH))


def fields(model, *leave_out: str) -> list[str]:
    """A model's attribute names, as exported: everything but NEVER and `leave_out`."""
    return [attr.key for attr in inspect(model).column_attrs if attr.key not in NEVER | set(leave_out)]


def _columns(model, *leave_out: str):
    return [getattr(model, name) for name in fields(model, *leave_out)]


DELIVERY_WORKINGS = ("topic", "urgency", "ttl", "not_before", "last_status", "last_error")
PERSON = fields(User, "insights_zone")  # the zone the insights' sums were made in: not exported
ENTRY = fields(Entry, "logged_at_seconds")  # logged_at, as a number for the insights: not exported
NEED = fields(Need, "updated_by_id")


def person(ex: Exporter) -> Iterator[dict]:
    yield ex.record(ex.person, PERSON)


def entries(ex: Exporter) -> Iterator[dict]:
    """Each entry with its trigger labels: one query, joined, ordered so an entry's rows are together."""
    query = (select(Entry.id, *_columns(Entry), EntryTrigger.label)
             .outerjoin(EntryTrigger, EntryTrigger.entry_id == Entry.id)
             .where(Entry.user_id == ex.person.id).order_by(Entry.logged_at, Entry.id, EntryTrigger.label))
    for _, rows in groupby(ex.stream(query), key=lambda row: row.id):
        rows = list(rows)
        yield ex.record(rows[0], ENTRY, triggers=[row.label for row in rows if row.label is not None])


def _owned(model, order, owner="user_id", leave_out=()):
    """Every row of `model` the person owns, oldest first, as exported."""
    names = fields(model, *leave_out)

    def rows(ex: Exporter) -> Iterator[dict]:
        query = select(*_columns(model, *leave_out)).where(getattr(model, owner) == ex.person.id).order_by(order, model.id)
        for row in ex.stream(query):
            yield ex.record(row, names)
    return rows


def contacts(ex: Exporter) -> Iterator[dict]:
    """The cards on the person's map, with what each member may see and the invites sent."""
    from recoverynet.network.models import Invite
    query = (select(Contact).where(Contact.client_id == ex.person.id).order_by(Contact.created_at, Contact.id)
             .options(selectinload(Contact.grants)))
    cards = db.session.scalars(query).all()
    invites = db.session.scalars(select(Invite).join(Contact).where(Contact.client_id == ex.person.id)
                                 .order_by(Invite.created_at, Invite.id)).all()
    for card in cards:
        grants = sorted(card.grants, key=lambda grant: grant.scope)
        yield ex.record(card, fields(Contact), has_account=card.member_id is not None,
                        scopes=[grant.scope for grant in grants],
                        grants=[ex.record(grant, fields(type(grant))) for grant in grants],
                        invites=[ex.record(invite, fields(Invite)) for invite in invites
                                 if invite.contact_id == card.id])


def crisis_plan(ex: Exporter) -> Iterator[dict]:
    """The plan, if there is one, with the people to call (and the map card each one is)."""
    plan = db.session.scalar(select(CrisisPlan).where(CrisisPlan.user_id == ex.person.id))
    if plan is None:
        return
    names = dict(db.session.execute(select(Contact.id, Contact.name).where(Contact.client_id == ex.person.id)).all())
    yield ex.record(plan, fields(CrisisPlan), callees=[
        ex.record(callee, fields(Callee), contact_name=names.get(callee.contact_id)) for callee in plan.callees])


ANALYSIS = fields(Analysis, "slip_id")
PERSPECTIVE = fields(Perspective)


def analyses(ex: Exporter) -> Iterator[dict]:
    """The person's own looking back at slips, the chain as a list of steps. The views members
    wrote beside them are those members' (their "perspectives_written")."""
    query = select(Analysis).where(Analysis.client_id == ex.person.id).order_by(Analysis.looked_at, Analysis.id)
    for (analysis,) in ex.stream(query):
        yield ex.record(analysis, ANALYSIS, chain=analysis.steps)


def perspectives_written(ex: Exporter) -> Iterator[dict]:
    """The views the person wrote when a client asked, with whose and which day; nothing of the
    client's own account."""
    query = (select(Perspective, User.display_name, Analysis.looked_at)
             .join(Analysis, Analysis.id == Perspective.analysis_id).join(User, User.id == Analysis.client_id)
             .where(Perspective.member_id == ex.person.id).order_by(Analysis.looked_at, Perspective.id))
    for view, client_name, looked_at in ex.stream(query):
        yield {"client_name": client_name, "looked_at": ex.value(looked_at)} | ex.record(
            view, PERSPECTIVE, chain=view.steps)


def needs(ex: Exporter) -> Iterator[dict]:
    """The person's practical needs, oldest first, each with who helps (the names of the cards on
    their map) and who changed it last ("you", or the member's name on the person's own map): two
    queries, the needs joined to their helpers and ordered so a need's rows are together."""
    cards, members = {}, {}
    for card_id, member_id, name in db.session.execute(
            select(Contact.id, Contact.member_id, Contact.name).where(Contact.client_id == ex.person.id)):
        cards[card_id] = name
        if member_id is not None:
            members[member_id] = name
    query = (select(Need.id, Need.updated_by_id, *_columns(Need, "updated_by_id"), NeedHelper.contact_id)
             .outerjoin(NeedHelper, NeedHelper.need_id == Need.id)
             .where(Need.client_id == ex.person.id).order_by(Need.created_at, Need.id))
    for _, rows in groupby(ex.stream(query), key=lambda row: row.id):
        rows = list(rows)
        changed_by = "you" if rows[0].updated_by_id == ex.person.id else members.get(rows[0].updated_by_id)
        yield ex.record(rows[0], NEED, helpers=sorted(cards[row.contact_id] for row in rows if row.contact_id),
                        updated_by=changed_by)


def prevention_plan(ex: Exporter) -> Iterator[dict]:
    """The relapse-prevention plan, if there is one, with what the person does instead and who
    helps (the name written on the plan, and the map card it was picked from)."""
    plan = db.session.execute(select(PreventionPlan.id, *_columns(PreventionPlan))
                              .where(PreventionPlan.user_id == ex.person.id)).first()
    if plan is None:
        return
    actions = db.session.execute(
        select(PreventionAction, Contact.name).outerjoin(Contact, Contact.id == PreventionAction.contact_id)
        .where(PreventionAction.plan_id == plan.id).order_by(PreventionAction.position)).all()
    yield ex.record(plan, fields(PreventionPlan), actions=[
        ex.record(action, fields(PreventionAction), contact_name=card_name) for action, card_name in actions])


def _with_name(model, owner: str, other: str, named: str, order):
    """The person's rows of `model` where they are `owner`, each with the display name of the
    person at `other` (who gave, sent or saw) as `named`."""
    names = fields(model)
    them = aliased(User)

    def rows(ex: Exporter) -> Iterator[dict]:
        query = (select(*_columns(model), them.display_name.label("_name"))
                 .outerjoin(them, them.id == getattr(model, other))
                 .where(getattr(model, owner) == ex.person.id).order_by(order, model.id))
        for row in ex.stream(query):
            yield {named: row._name} | ex.record(row, names)
    return rows


# What the giver of a reward may see of it, beside what they wrote (rewards/consent.py).
GIVEN = ["title", "kind", "note", "milestone_kind", "milestone_target", "pledged_at", "accepted_at",
         "withdrawn_at", "thanks", "thanked_at"]
FOLLOWED = ["unlocked_at", "redeemed_at"]


def rewards_given(ex: Exporter) -> Iterator[dict]:
    """What the person pledged or gave, with the state they may see (never more: a giver who
    may not follow a milestone learns nothing of the client's days from their own export)."""
    cards = {card.client_id: card for card in db.session.scalars(
        select(Contact).where(Contact.member_id == ex.person.id).options(selectinload(Contact.grants)))}
    query = (select(Reward, User.display_name).join(User, User.id == Reward.client_id)
             .where(Reward.giver_id == ex.person.id).order_by(Reward.pledged_at, Reward.id))
    for reward, client_name in ex.stream(query):
        # A former member's card is gone: an empty one follows nothing.
        card = cards.get(reward.client_id) or Contact()
        seen = GIVEN + (FOLLOWED if giver_may_follow(reward, card) else [])
        yield {"client_name": client_name} | ex.record(reward, seen, status=str(status_for_giver(reward, card)))


def memberships(ex: Exporter) -> Iterator[dict]:
    """The networks the person belongs to: whose, since when, and what they were allowed to see.
    The client's card about them (label, notes, ratings) is the client's, and stays out."""
    query = (select(Contact, User.display_name).join(User, User.id == Contact.client_id)
             .where(Contact.member_id == ex.person.id).order_by(Contact.joined_at, Contact.id)
             .options(selectinload(Contact.grants)))
    for card, client_name in db.session.execute(query).all():
        yield {"client_name": client_name} | ex.record(card, ["joined_at"], scopes=sorted(card.scopes))


def _owned_section(key: str, model, order, owner="user_id", leave_out=()) -> Section:
    return Section(key, _owned(model, order, owner, leave_out), f"{key}.csv", fields(model, *leave_out))


def _named_section(key: str, model, owner: str, other: str, named: str, order) -> Section:
    return Section(key, _with_name(model, owner, other, named, order), f"{key}.csv", [named] + fields(model))


CHECKIN_PLAN = fields(CheckinPlan, "reminder_id")
CHECKIN_NOTE = ["section", "text", "private", "version", "created_at", "updated_at"]
ACTION_ITEM = ["what", "due_on", "created_at", "done_at", "ticked_at", "reminded_at"]


def checkin_plan(ex: Exporter) -> Iterator[dict]:
    """The weekly check-in's schedule, with the participants' names."""
    plan = db.session.execute(select(*_columns(CheckinPlan, "reminder_id"), CheckinPlan.id)
                              .where(CheckinPlan.client_id == ex.person.id)).first()
    if plan is None:
        return
    names = db.session.scalars(select(User.display_name).join(CheckinParticipant, CheckinParticipant.member_id == User.id)
                               .where(CheckinParticipant.plan_id == plan.id).order_by(User.display_name)).all()
    yield ex.record(plan, CHECKIN_PLAN, participants=list(names))


def checkins(ex: Exporter) -> Iterator[dict]:
    """Each of the person's check-ins with every note (private ones too) and action item, naming
    who wrote, owns and ticked each (null for a deleted account). Three queries, whatever the count."""
    person = ex.person.id
    author, owner, creator, ticker = (aliased(User) for _ in range(4))
    notes = db.session.execute(
        select(CheckinNote, author.display_name).outerjoin(author, author.id == CheckinNote.author_id)
        .join(Checkin, Checkin.id == CheckinNote.checkin_id).where(Checkin.client_id == person)
        .order_by(CheckinNote.created_at, CheckinNote.id)).all()
    items = db.session.execute(
        select(ActionItem, owner.display_name, creator.display_name, ticker.display_name)
        .outerjoin(owner, owner.id == ActionItem.owner_id).outerjoin(creator, creator.id == ActionItem.created_by_id)
        .outerjoin(ticker, ticker.id == ActionItem.ticked_by_id)
        .where(ActionItem.client_id == person).order_by(ActionItem.id)).all()
    for meeting in db.session.scalars(select(Checkin).where(Checkin.client_id == person).order_by(Checkin.held_on)):
        yield ex.record(meeting, ["held_on", "created_at"], notes=[
            ex.record(note, CHECKIN_NOTE, held_on=meeting.held_on, author_name=name)
            for note, name in notes if note.checkin_id == meeting.id], action_items=[
            ex.record(item, ACTION_ITEM, held_on=meeting.held_on, owner_name=owned_by, created_by_name=made_by,
                      ticked_by_name=ticked_by)
            for item, owned_by, made_by, ticked_by in items if item.checkin_id == meeting.id])


def checkin_notes_written(ex: Exporter) -> Iterator[dict]:
    """The notes the person wrote in the check-ins of people they support: nothing else of the agenda."""
    query = (select(CheckinNote, Checkin.held_on, User.display_name).join(Checkin, Checkin.id == CheckinNote.checkin_id)
             .join(User, User.id == Checkin.client_id)
             .where(CheckinNote.author_id == ex.person.id, Checkin.client_id != ex.person.id)
             .order_by(Checkin.held_on, CheckinNote.id))
    for note, held_on, client_name in ex.stream(query):
        yield {"client_name": client_name} | ex.record(note, ["section", "text", "created_at", "updated_at"],
                                                       held_on=held_on)


def action_items_owned(ex: Exporter) -> Iterator[dict]:
    """The action items the person took on in the check-ins of people they support."""
    query = (select(ActionItem, User.display_name).join(User, User.id == ActionItem.client_id)
             .where(ActionItem.owner_id == ex.person.id, ActionItem.client_id != ex.person.id)
             .order_by(ActionItem.created_at, ActionItem.id))
    for item, client_name in ex.stream(query):
        yield {"client_name": client_name} | ex.record(item, ["what", "due_on", "created_at", "done_at"])


def medication_answers(ex: Exporter) -> Iterator[dict]:
    """Each dose answered, with the title of its medication reminder (the person's own words)."""
    query = (select(MedicationAnswer, Reminder.title).join(Reminder, Reminder.id == MedicationAnswer.reminder_id)
             .where(MedicationAnswer.user_id == ex.person.id)
             .order_by(MedicationAnswer.day, MedicationAnswer.slot, MedicationAnswer.id))
    for answer, title in ex.stream(query):
        yield ex.record(answer, ["day"], time=answer.slot, reminder_title=title, answer=answer.answer,
                        answered_at=answer.answered_at)


QUESTIONNAIRE = fields(Questionnaire)


def questionnaires(ex: Exporter) -> Iterator[dict]:
    """Each questionnaire the client answered (BARC-10, MSPSS), with its score and each answer by
    item (a skipped item has none). Two queries, whatever the count."""
    answered: dict[int, list[dict]] = {}
    for row in db.session.execute(
            select(QuestionnaireAnswer.questionnaire_id, Questionnaire.instrument, Questionnaire.taken_on,
                   QuestionnaireAnswer.item, QuestionnaireAnswer.value)
            .join(Questionnaire, Questionnaire.id == QuestionnaireAnswer.questionnaire_id)
            .where(Questionnaire.client_id == ex.person.id)):
        answered.setdefault(row.questionnaire_id, []).append(
            {"instrument": row.instrument, "taken_on": ex.value(row.taken_on), "item": row.item, "value": row.value})
    query = (select(*_columns(Questionnaire), Questionnaire.id).where(Questionnaire.client_id == ex.person.id)
             .order_by(Questionnaire.taken_on, Questionnaire.id))
    for taken in ex.stream(query):
        answers = sorted(answered.get(taken.id, []), key=lambda answer: int(answer["item"]) if answer["item"].isdigit()
                         else answer["item"])
        yield ex.record(taken, QUESTIONNAIRE, answers=answers)


def use_days(ex: Exporter) -> Iterator[dict]:
    """The days the client marked as days of use on the month calendar."""
    query = select(UseDay.day, UseDay.marked_at).where(UseDay.client_id == ex.person.id).order_by(UseDay.day)
    for row in ex.stream(query):
        yield ex.record(row, ["day", "marked_at"])


def calendar_months(ex: Exporter) -> Iterator[dict]:
    """The months the client confirmed on the calendar, and when."""
    query = (select(CalendarMonth.month, CalendarMonth.confirmed_at).where(CalendarMonth.client_id == ex.person.id)
             .order_by(CalendarMonth.month))
    for row in ex.stream(query):
        yield ex.record(row, ["month", "confirmed_at"])


REVIEW_PLAN = fields(ReviewPlan)
REVIEW = fields(MonthlyReview)


def review_plan(ex: Exporter) -> Iterator[dict]:
    """The monthly review's schedule, with the names of those asked to take part."""
    plan = db.session.execute(select(*_columns(ReviewPlan), ReviewPlan.id)
                              .where(ReviewPlan.client_id == ex.person.id)).first()
    if plan is None:
        return
    names = db.session.scalars(select(User.display_name).join(ReviewParticipant, ReviewParticipant.member_id == User.id)
                               .where(ReviewParticipant.plan_id == plan.id).order_by(User.display_name)).all()
    yield ex.record(plan, REVIEW_PLAN, participants=list(names))


def reviews(ex: Exporter) -> Iterator[dict]:
    """Each monthly review the person held (their private note too), with who took part by name.
    Two queries, whatever the count. Taking part in another's review is that client's record."""
    attended = db.session.execute(
        select(ReviewAttendee.review_id, User.display_name).join(User, User.id == ReviewAttendee.member_id)
        .join(MonthlyReview, MonthlyReview.id == ReviewAttendee.review_id)
        .where(MonthlyReview.client_id == ex.person.id).order_by(User.display_name)).all()
    for review in db.session.scalars(select(MonthlyReview).where(MonthlyReview.client_id == ex.person.id)
                                     .order_by(MonthlyReview.held_on)):
        yield ex.record(review, REVIEW, took_part=[name for review_id, name in attended if review_id == review.id])


# The order of data.json, and each part's CSV. What a member WROTE sits beside what they own as a
# client: encouragement sent and rewards given today; perspectives on a slip (functional analysis)
# and check-in notes join here, as "perspectives_written" and "checkin_notes_written", when they exist.
SECTIONS = [
    Section("person", person, "person.csv", PERSON),
    Section("entries", entries, "entries.csv", ENTRY + ["triggers"]),
    _owned_section("triggers", CustomTrigger, CustomTrigger.label),
    _owned_section("meetings", Meeting, Meeting.attended_on, owner="client_id"),
    _owned_section("slips", Slip, Slip.happened_on),
    Section("analyses", analyses, "analyses.csv", ANALYSIS),
    Section("contacts", contacts, "contacts.csv", fields(Contact) + ["has_account", "scopes"]),
    Section("crisis_plan", crisis_plan, "crisis_plan.csv", fields(CrisisPlan)),
    _owned_section("crisis_alerts", CrisisAlert, CrisisAlert.created_at),
    Section("prevention_plan", prevention_plan, "prevention_plan.csv", fields(PreventionPlan)),
    _owned_section("reminders", Reminder, Reminder.created_at),
    Section("medication_answers", medication_answers, "medication_answers.csv",
            ["day", "time", "reminder_title", "answer", "answered_at"]),
    Section("questionnaires", questionnaires, "questionnaires.csv", QUESTIONNAIRE),
    Section("use_days", use_days, "use_days.csv", ["day", "marked_at"]),
    Section("calendar_months", calendar_months, "calendar_months.csv", ["month", "confirmed_at"]),
    Section("checkin_plan", checkin_plan, "checkin_plan.csv", CHECKIN_PLAN + ["participants"]),
    Section("checkins", checkins, "checkins.csv", ["held_on", "created_at"]),
    Section("review_plan", review_plan, "review_plan.csv", REVIEW_PLAN + ["participants"]),
    Section("reviews", reviews, "reviews.csv", REVIEW + ["took_part"]),
    Section("needs", needs, "needs.csv", NEED + ["helpers", "updated_by"]),
    Section("early_warnings", early_warning.early_warnings, "early_warnings.csv", early_warning.HEADER),
    _named_section("rewards_received", Reward, "client_id", "giver_id", "giver_name", Reward.pledged_at),
    Section("rewards_given", rewards_given, "rewards_given.csv", ["client_name"] + GIVEN + FOLLOWED + ["status"]),
    _named_section("encouragement_received", Encouragement, "client_id", "sender_id", "sender_name",
                   Encouragement.sent_at),
    _named_section("encouragement_sent", Encouragement, "sender_id", "client_id", "client_name",
                   Encouragement.sent_at),
    Section("perspectives_written", perspectives_written, "perspectives_written.csv",
            ["client_name", "looked_at"] + PERSPECTIVE),
    Section("checkin_notes_written", checkin_notes_written, "checkin_notes_written.csv",
            ["client_name", "held_on", "section", "text", "created_at", "updated_at"]),
    Section("action_items_owned", action_items_owned, "action_items_owned.csv",
            ["client_name", "what", "due_on", "created_at", "done_at"]),
    _owned_section("notifications", Notification, Notification.created_at),
    _named_section("views", ViewRecord, "client_id", "member_id", "member_name", ViewRecord.viewed_at),
    _owned_section("devices", AuthSession, AuthSession.created_at),
    _owned_section("known_devices", KnownDevice, KnownDevice.last_used_at),
    _owned_section("push_subscriptions", PushSubscription, PushSubscription.created_at),
    # What was sent and when; how the worker sent it (and a push service's error text) is the server's.
    _owned_section("push_deliveries", Delivery, Delivery.created_at, leave_out=DELIVERY_WORKINGS),
    Section("memberships", memberships, "memberships.csv", ["client_name", "joined_at", "scopes"]),
]
# Sections that are one record (or null), not a list.
SINGLE = {"person", "crisis_plan", "checkin_plan", "prevention_plan", "review_plan"}
