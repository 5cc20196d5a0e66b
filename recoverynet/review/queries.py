"""Who may open a client's monthly reviews, and what the pages read. Other features ask here too:
`reviews_held(client_id)` (the starter plan: whether and when the first and last review were
held) and `has_held_review(person_id)` (the same, as one value for a session's lookup)."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, g
from flask_login import current_user
from sqlalchemy import ColumnElement, exists, func, literal, select
from sqlalchemy.orm import joinedload, lazyload

from recoverynet.auth.models import User
from recoverynet.auth.sessions import brought_along
from recoverynet.checkins.models import ActionItem
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.needs.models import Need, NeedHelper, NeedStatus
from recoverynet.network.models import Contact, Grant
from recoverynet.prevention.models import PreventionPlan
from recoverynet.review.models import SCOPE, MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan

PAST_SHOWN = 24  # two years of monthly reviews on a page; older ones stay in the export


@dataclass
class Access:
    """The signed-in person's place in one client's reviews."""

    client: User
    plan: ReviewPlan | None
    is_client: bool


def _holds_scope(client_id: int, member_id) -> ColumnElement[bool]:
    return (select(Contact.id).join(Grant).where(Contact.client_id == client_id, Contact.member_id == member_id,
                                                 Grant.scope == SCOPE).exists())


def require_access(client_id: int) -> Access:
    """The client themselves, or a member holding the check-ins scope now; anyone else gets the
    404 a stranger gets (a removed member, a member without the scope, another network's)."""
    mine = client_id == current_user.id
    granted = literal(True) if mine else _holds_scope(client_id, current_user.id)
    found = db.session.execute(
        select(User, ReviewPlan, granted).outerjoin(ReviewPlan, ReviewPlan.client_id == User.id)
        .options(lazyload(ReviewPlan.participants)).where(User.id == client_id)).first()
    if found is None or not found[2]:
        abort(404)
    return Access(found[0], found[1], mine)


def current_participants(client_id: int, plan_id: int | None) -> list[User]:
    """The members asked to take part who still hold the scope, in the map's order (a removed
    member, or one whose scope was taken back, is reminded no more)."""
    if plan_id is None:
        return []
    return list(db.session.scalars(
        select(User).join(Contact, Contact.member_id == User.id).join(Grant, Grant.contact_id == Contact.id)
        .join(ReviewParticipant, (ReviewParticipant.member_id == User.id) & (ReviewParticipant.plan_id == plan_id))
        .where(Contact.client_id == client_id, Grant.scope == SCOPE).order_by(Contact.id)))


@dataclass
class Role:
    """One person on the client's map, and how much they carry now."""

    card: Contact
    open_items: int
    open_needs: int
    may_take_part: bool  # a member holding the check-ins scope
    asked: bool  # on the review's list of participants


def roles_in_network(client_id: int) -> list[Role]:
    """The map's members and everyone helping with a need, each with their open action items and
    the open needs they help with, in one query (the client's form also takes who may take part
    from it)."""
    items = (select(func.count()).where(ActionItem.client_id == client_id, ActionItem.done_at.is_(None),
                                        ActionItem.owner_id == Contact.member_id)
             .correlate(Contact).scalar_subquery())
    needs = (select(func.count()).select_from(NeedHelper).join(Need, Need.id == NeedHelper.need_id)
             .where(NeedHelper.contact_id == Contact.id, Need.status != NeedStatus.SORTED)
             .correlate(Contact).scalar_subquery())
    scoped = (select(Grant.contact_id).where(Grant.contact_id == Contact.id, Grant.scope == SCOPE)
              .correlate(Contact).exists())
    asked = (select(ReviewParticipant.member_id).join(ReviewPlan, ReviewPlan.id == ReviewParticipant.plan_id)
             .where(ReviewPlan.client_id == client_id, ReviewParticipant.member_id == Contact.member_id)
             .correlate(Contact).exists())
    helping = select(NeedHelper.contact_id).where(NeedHelper.contact_id == Contact.id).correlate(Contact).exists()
    rows = db.session.execute(
        select(Contact, items, needs, scoped, asked).options(lazyload(Contact.grants))
        .where(Contact.client_id == client_id, Contact.member_id.is_not(None) | helping).order_by(Contact.id))
    return [Role(card, open_items, open_needs, bool(may), bool(was_asked) and bool(may))
            for card, open_items, open_needs, may, was_asked in rows]


def past_reviews(client_id: int) -> list[MonthlyReview]:
    """The latest PAST_SHOWN reviews, newest first (dates only: each opens on its own page)."""
    return list(db.session.scalars(select(MonthlyReview).where(MonthlyReview.client_id == client_id)
                                   .order_by(MonthlyReview.held_on.desc()).limit(PAST_SHOWN)))


def review_of(client_id: int, review_id: int) -> MonthlyReview:
    """One of the client's reviews, with who took part, in one query; another's is a 404."""
    review = db.session.scalars(
        select(MonthlyReview).options(joinedload(MonthlyReview.attendees).joinedload(ReviewAttendee.member))
        .where(MonthlyReview.id == review_id, MonthlyReview.client_id == client_id)).unique().one_or_none()
    if review is None:
        abort(404)
    return review


def next_review_day(plan: ReviewPlan, today: date) -> date:
    """The plan's day in this month, or in the next once it has passed."""
    this_month = today.replace(day=plan.day_of_month)
    if this_month >= today:
        return this_month
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=plan.day_of_month)
    return following


# What the client's review page shows of the two plans, brought with the session's lookup
# (review/__init__.py): whether each exists, and when it was last marked as looked over.
def crisis_reviewed_at(person_id) -> ColumnElement:
    return select(CrisisPlan.reviewed_at).where(CrisisPlan.user_id == person_id).scalar_subquery()


def has_crisis_plan(person_id) -> ColumnElement[bool]:
    return exists().where(CrisisPlan.user_id == person_id)


def prevention_reviewed_at(person_id) -> ColumnElement:
    return select(PreventionPlan.reviewed_at).where(PreventionPlan.user_id == person_id).scalar_subquery()


def has_prevention_plan(person_id) -> ColumnElement[bool]:
    return exists().where(PreventionPlan.user_id == person_id)


PLANS_ALONG = {"crisis_reviewed_at": crisis_reviewed_at, "has_crisis_plan": has_crisis_plan,
               "prevention_reviewed_at": prevention_reviewed_at, "has_prevention_plan": has_prevention_plan}


def plans_state(client_id: int) -> dict:
    """PLANS_ALONG's values: brought with the session's lookup on the client's pages, else one query."""
    brought = {name: brought_along(name, lambda: None) for name in PLANS_ALONG}
    if any(name not in g.get("brought_along", {}) for name in PLANS_ALONG):
        row = db.session.execute(select(*(column(client_id) for column in PLANS_ALONG.values()))).one()
        brought = dict(zip(PLANS_ALONG, row))
    return brought


def reviews_held(client_id: int) -> tuple[date | None, date | None]:
    """The days of the client's first and latest monthly review (None, None before the first):
    for the starter plan's week 4 and anyone else who asks."""
    first, last = db.session.execute(select(func.min(MonthlyReview.held_on), func.max(MonthlyReview.held_on))
                                     .where(MonthlyReview.client_id == client_id)).one()
    return first, last


def has_held_review(person_id) -> ColumnElement[bool]:
    """Whether the person has held a monthly review, as one value (for a session's lookup)."""
    return exists().where(MonthlyReview.client_id == person_id)
