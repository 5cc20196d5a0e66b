"""Who may open a client's check-ins, which meeting is next, and what each page shows. Other
features ask here too: `open_items_and_last_checkin` (the monthly review, the starter plan) and
`open_items_owned_by` (Home)."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, bindparam, exists, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, lazyload

from recoverynet.auth.models import User
from recoverynet.auth.sessions import brought_along
from recoverynet.checkins.models import SCOPE, ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.timeutil import local_today


@dataclass
class Access:
    """The signed-in person's place in one client's check-ins."""

    client: User
    plan: CheckinPlan | None
    is_client: bool
    takes_part: bool  # the client, or a participant with the scope: may add notes and tick items
    participants: list[User] = field(default_factory=list)  # current_participants
    day: date | None = None  # the day require_access was asked about, and its check-in (None: not started)
    checkin: Checkin | None = None


def plan_of(client_id: int) -> CheckinPlan | None:
    return db.session.scalar(select(CheckinPlan).where(CheckinPlan.client_id == client_id))


def _current_participants(client_id: int, plan_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Contact, Contact.member_id == User.id).join(Grant, Grant.contact_id == Contact.id)
        .join(CheckinParticipant, (CheckinParticipant.member_id == User.id) & (CheckinParticipant.plan_id == plan_id))
        .where(Contact.client_id == client_id, Grant.scope == SCOPE).order_by(Contact.id)))


def current_participants(client_id: int, plan: CheckinPlan | None) -> list[User]:
    """The chosen participants who still hold the check-ins scope (a removed member or one whose
    scope was taken back is no longer one), in the order the client's map lists them."""
    if plan is None or not plan.participants:
        return []
    return _current_participants(client_id, plan.id)


def require_access(client_id: int, *, to_take_part: bool = False, day: date | None = None) -> Access:
    """The client themselves, or a member holding the check-ins scope; anyone else gets the same
    404 a stranger gets (a removed member, a member without the scope, another network's).

    One query asks whether the person may, and brings the client, the plan and (with `day`) that
    day's check-in; one more, when there is a plan, its current participants."""
    mine = client_id == current_user.id
    granted = literal(True) if mine else (
        select(Contact.id).join(Grant).where(Contact.client_id == client_id, Contact.member_id == current_user.id,
                                             Grant.scope == SCOPE).exists())
    query = (select(User, CheckinPlan, granted).outerjoin(CheckinPlan, CheckinPlan.client_id == User.id)
             .options(lazyload(CheckinPlan.participants)).where(User.id == client_id))
    if day is not None:
        query = (query.add_columns(Checkin)
                 .outerjoin(Checkin, and_(Checkin.client_id == User.id, Checkin.held_on == day)))
    found = db.session.execute(query).first()
    if found is None or not found[2]:
        abort(404)
    client, plan = found[0], found[1]
    participants = _current_participants(client_id, plan.id) if plan is not None else []
    takes_part = mine or any(person.id == current_user.id for person in participants)
    if to_take_part and not takes_part:
        abort(404)
    return Access(client, plan, mine, takes_part, participants, day, found[3] if day is not None else None)


def next_meeting_day(plan: CheckinPlan, today: date) -> date:
    """The plan's weekday, today or after."""
    return today + timedelta(days=(plan.weekday - today.weekday()) % 7)


def upcoming_day(access: Access) -> date | None:
    """The day of the meeting to prepare: one already started for today or later (its notes stay
    with it, even if the day of the week changed since), else the plan's next day."""
    today = local_today(access.client.timezone)
    started = db.session.scalar(select(Checkin.held_on).where(Checkin.client_id == access.client.id,
                                                              Checkin.held_on >= today).order_by(Checkin.held_on))
    if started is not None:
        return started
    return next_meeting_day(access.plan, today) if access.plan else None


def checkin_on(client_id: int, day: date) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(Checkin.client_id == client_id, Checkin.held_on == day))


def require_day(access: Access, day: date) -> Checkin | None:
    """The check-in of that day (None while nothing is written in it yet); a day with no
    check-in that is not the upcoming one is a 404."""
    found = access.checkin if day == access.day else checkin_on(access.client.id, day)
    if found is None and day != upcoming_day(access):
        abort(404)
    return found


def checkin_for_writing(client_id: int, day: date) -> Checkin:
    """The check-in of that day, made now if this is its first note: two phones adding the first
    note at once make one check-in, not two (the second insert does nothing)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(Checkin).values(client_id=client_id, held_on=day)
                       .on_conflict_do_nothing(index_elements=["client_id", "held_on"]))
    return checkin_on(client_id, day)


def notes_by_section(checkin: Checkin | None, is_client: bool) -> dict[str, list[CheckinNote]]:
    """The check-in's notes, oldest first, by section; private ones only for the client."""
    if checkin is None:
        return {}
    query = (select(CheckinNote).options(joinedload(CheckinNote.author))
             .where(CheckinNote.checkin_id == checkin.id).order_by(CheckinNote.created_at, CheckinNote.id))
    if not is_client:
        query = query.where(CheckinNote.private.is_(False))
    found: dict[str, list[CheckinNote]] = {}
    for note in db.session.scalars(query):
        found.setdefault(note.section, []).append(note)
    return found


def _items():
    return select(ActionItem).options(joinedload(ActionItem.owner), joinedload(ActionItem.ticked_by))


def items_of(checkin: Checkin | None) -> list[ActionItem]:
    """The action items agreed at this check-in."""
    if checkin is None:
        return []
    return list(db.session.scalars(_items().where(ActionItem.checkin_id == checkin.id).order_by(ActionItem.id)))


# The next check-in opens with what is still open from the check-ins of these last weeks (older
# items stay on their owner's Home): years of untouched items never make one page longer.
CARRIED_WEEKS, CARRIED_MOST = 4, 30


def open_items_before(client_id: int, day: date) -> list[ActionItem]:
    """Items still open from the check-ins of the CARRIED_WEEKS before `day`: the next check-in opens with them."""
    return list(db.session.scalars(
        _items().join(Checkin, Checkin.id == ActionItem.checkin_id)
        .where(ActionItem.client_id == client_id, ActionItem.done_at.is_(None), Checkin.held_on < day,
               Checkin.held_on >= day - timedelta(weeks=CARRIED_WEEKS))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id).limit(CARRIED_MOST)))


def items_and_carried(client_id: int, checkin: Checkin | None,
                      day: date) -> tuple[list[ActionItem], list[ActionItem]]:
    """items_of(checkin) and open_items_before(client_id, day), in their orders, from one query:
    an agenda shows both."""
    carried = (select(ActionItem.id).join(Checkin, Checkin.id == ActionItem.checkin_id)
               .where(ActionItem.client_id == client_id, ActionItem.done_at.is_(None), Checkin.held_on < day,
                      Checkin.held_on >= day - timedelta(weeks=CARRIED_WEEKS))
               .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id).limit(CARRIED_MOST))
    either = ActionItem.id.in_(carried)
    if checkin is not None:
        either = or_(ActionItem.checkin_id == checkin.id, either)
    found = list(db.session.scalars(_items().where(either)))
    of_day = sorted((item for item in found if checkin is not None and item.checkin_id == checkin.id),
                    key=lambda item: item.id)
    before = sorted((item for item in found if checkin is None or item.checkin_id != checkin.id),
                    key=lambda item: (item.due_on is None, item.due_on or date.min, item.id))
    return of_day, before


def past_checkins(client_id: int, today: date, limit: int = 52, skip: int = 0) -> list[Checkin]:
    return list(db.session.scalars(select(Checkin).where(Checkin.client_id == client_id, Checkin.held_on < today)
                                   .order_by(Checkin.held_on.desc()).offset(skip).limit(limit)))


def open_items_and_last_checkin(client_id: int) -> tuple[list[ActionItem], Checkin | None]:
    """A client's open action items (oldest due first) and their latest check-in before today:
    what the monthly review and the starter plan read."""
    client = db.session.get(User, client_id)
    today = local_today(client.timezone)
    last = db.session.scalar(select(Checkin).where(Checkin.client_id == client_id, Checkin.held_on < today)
                             .order_by(Checkin.held_on.desc()))
    return open_items_before(client_id, today + timedelta(days=1)), last


def _open_and_owned_by(person_id) -> ColumnElement[bool]:
    """The person's open items: their own, and those in the networks where they still hold the
    check-ins scope (a removed member's items stop showing)."""
    in_networks = (select(Contact.client_id).join(Grant)
                   .where(Contact.member_id == person_id, Grant.scope == SCOPE)
                   .correlate_except(Contact, Grant))  # the person, within Home's session lookup
    return and_(ActionItem.owner_id == person_id, ActionItem.done_at.is_(None),
                (ActionItem.client_id == person_id) | ActionItem.client_id.in_(in_networks))


def owns_open_items(person_id) -> ColumnElement[bool]:
    """Whether the person has any open item: Home's lookup asks, so an empty block costs no query."""
    return exists().where(_open_and_owned_by(person_id))


# Home asks on every visit where the person has some, so the statement is built once (building
# it and its cache key cost more than SQLite takes to answer it).
_OPEN_ITEMS_OWNED = (select(ActionItem, User).join(User, User.id == ActionItem.client_id)
                     .where(_open_and_owned_by(bindparam("person_id")))
                     .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id).limit(20))


def open_items_owned_by(user: User) -> list[tuple[ActionItem, User]]:
    """The person's open items, with whose check-in each came from (none without asking when
    Home's session lookup found there are none)."""
    if not brought_along("owns_open_items", lambda: True):
        return []
    return [(item, client) for item, client in db.session.execute(_OPEN_ITEMS_OWNED, {"person_id": user.id})]
