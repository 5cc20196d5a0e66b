"""What the client has actually done, each as one yes/no value a query can bring: the starter
plan and the network's checklist tick from these, never from a box the person ticks. Each fact
is a function of the person's id (a column or a bound value), so Home and the network page get
them all with the session's lookup (auth/sessions.load_with_person): no query of their own."""
from collections.abc import Callable

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from recoverynet.checkins.models import Checkin, CheckinNote, CheckinPlan
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper, NeedStatus
from recoverynet.network.models import Contact, Invite
from recoverynet.reminders.models import Reminder
from recoverynet.review.queries import has_held_review

CLINICIAN = ("clinician",)
PEERS = ("peer coach", "sponsor")
FAMILY_OR_FRIENDS = ("partner", "parent", "sibling", "child", "friend")
MAP_PEOPLE = 3  # "draw the network map: at least 3 people"


def _invited(person_id, relationships: tuple[str, ...]) -> ColumnElement[bool]:
    """A card of one of these kinds whose person joined or has an invite that wasn't withdrawn."""
    sent = exists().where(Invite.contact_id == Contact.id, Invite.withdrawn_at.is_(None))
    return exists().where(Contact.client_id == person_id, Contact.relationship.in_(relationships),
                          or_(Contact.member_id.is_not(None), sent))


def _plan_has_people(person_id) -> ColumnElement[bool]:
    return exists().where(Callee.plan_id == CrisisPlan.id, CrisisPlan.user_id == person_id)


def _open_need_without_helper(person_id) -> ColumnElement[bool]:
    return exists().where(Need.client_id == person_id, Need.status != NeedStatus.SORTED,
                          ~exists().where(NeedHelper.need_id == Need.id))


FACTS: dict[str, Callable[..., ColumnElement[bool]]] = {
    # Answered: a plan that shows a naloxone plan says who has it or where it is; a plan saved
    # without one answered "no opioids" (the plan form asks on every save, and its closed
    # naloxone block says "Naloxone plan: not shown").
    "naloxone_answered": lambda p: exists().where(
        CrisisPlan.user_id == p, or_(~CrisisPlan.uses_opioids, CrisisPlan.naloxone_who != "",
                                     CrisisPlan.naloxone_where != "")),
    "map_drawn": lambda p: select(func.count()).where(Contact.client_id == p, Contact.relationship != "group")
    .scalar_subquery() >= MAP_PEOPLE,
    "invited_clinician": lambda p: _invited(p, CLINICIAN),
    "invited_peer": lambda p: _invited(p, PEERS),
    "invited_family": lambda p: _invited(p, FAMILY_OR_FRIENDS),
    "checkin_scheduled": lambda p: exists().where(CheckinPlan.client_id == p),
    # Held: a check-in with a note in it (a meeting that happened leaves words behind).
    "checkin_held": lambda p: exists().where(CheckinNote.checkin_id == Checkin.id, Checkin.client_id == p),
    # Written: the plan has someone on it to call.
    "crisis_plan_written": _plan_has_people,
    # Signed: the client read it through and marked it right (crisis/views.review), with people on it.
    "crisis_plan_signed": lambda p: and_(_plan_has_people(p), exists().where(
        CrisisPlan.user_id == p, CrisisPlan.reviewed_at.is_not(None))),
    "appointment_booked": lambda p: exists().where(Reminder.user_id == p, Reminder.kind == "appointment"),
    # (Asking for its day reads the meetings' history index alone, as tests/test_long_history.py
    # asks of every page.)
    "meeting_tried": lambda p: select(Meeting.attended_on).where(Meeting.client_id == p).exists(),
    "needs_helped": lambda p: exists().where(NeedHelper.need_id == Need.id, Need.client_id == p),
    "needs_recorded": lambda p: exists().where(Need.client_id == p),
    "open_need_without_helper": _open_need_without_helper,
    "review_held": has_held_review,
}
