"""Who is part of a looking back: the members the client may ask (those with the scope), the views
written, by whose name, and the slips not looked back at yet. Every member page asks here."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import ScalarSelect, and_, exists, func, select

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.auth.models import User
from recoverynet.auth.sessions import brought_along
from recoverynet.extensions import db
from recoverynet.network.access import brought_with_card, require_membership
from recoverynet.network.models import Contact, Grant
from recoverynet.sobriety.models import Slip
from recoverynet.sqljson import json_rows
from recoverynet.templating import format_local_date
from recoverynet.timeutil import local_today

SCOPE = "relapse_analysis"
OFFER_DAYS = 60  # a slip older than this is no longer offered on Home (the list still has it)


def day_text(day: date) -> str:
    """The day looked back at, as the reader says it ("12 March 2026"), made once a day and language
    (a page lists ten)."""
    return format_local_date(day, "long")


@dataclass
class View:
    """A member's view as someone else reads it: whose, and what they wrote."""
    perspective: Perspective
    name: str


def perspectives_for_client(analysis: Analysis) -> list[View]:
    """Every view written, named as on the client's own map (a former member if the account is gone)."""
    rows = db.session.execute(
        select(Perspective, Contact.name, User.display_name)
        .outerjoin(User, User.id == Perspective.member_id)
        .outerjoin(Contact, and_(Contact.client_id == analysis.client_id, Contact.member_id == Perspective.member_id))
        .where(Perspective.analysis_id == analysis.id, Perspective.written_at.is_not(None))
        .order_by(Perspective.written_at, Perspective.id)).all()
    return [View(view, card_name or account_name or gettext("A former member"))
            for view, card_name, account_name in rows]


def askable_members(analysis: Analysis) -> list[tuple[Contact, User, Perspective | None]]:
    """The client's members who have the scope, each with their view if they were asked already."""
    rows = db.session.execute(
        select(Contact, User, Perspective).join(User, User.id == Contact.member_id).join(Grant)
        .outerjoin(Perspective, and_(Perspective.analysis_id == analysis.id, Perspective.member_id == User.id))
        .where(Contact.client_id == analysis.client_id, Grant.scope == SCOPE).order_by(Contact.name, Contact.id)).all()
    return [(card, member, view) for card, member, view in rows]


def slips_to_look_back_at(client: User, days: int | None = None) -> list[Slip]:
    """The client's slips nobody started looking back at yet, newest first (`days`: only recent ones)."""
    query = (select(Slip).where(Slip.user_id == client.id, ~exists().where(Analysis.slip_id == Slip.id))
             .order_by(Slip.happened_on.desc(), Slip.id.desc()))
    if days is not None:
        query = query.where(Slip.happened_on >= local_today(client.timezone) - timedelta(days=days))
    return list(db.session.scalars(query.limit(10)))


def newest_slip_day(person_id) -> ScalarSelect:
    """The day of the person's newest slip nobody started looking back at: Home's offer, brought
    with the session's lookup (analysis/__init__.py), so the offer costs no query of its own."""
    return (select(func.max(Slip.happened_on))
            .where(Slip.user_id == person_id, ~exists().where(Analysis.slip_id == Slip.id)).scalar_subquery())


def slip_to_offer(client: User) -> date | None:
    """Home's calm offer: the day of the latest recent slip not looked back at yet, if any."""
    if not client.is_authenticated or not client.is_client:
        return None
    day = brought_along("newest_slip_day", lambda: db.session.scalar(select(newest_slip_day(client.id))))
    return day if day is not None and day >= local_today(client.timezone) - timedelta(days=OFFER_DAYS) else None


def asked_member(client_id: int, analysis_id: int) -> tuple[Contact, User, Analysis, Perspective]:
    """The signed-in member's own view of this analysis, or 404: they must be in the client's
    network now, hold the scope now, and have been asked. A member who wasn't asked learns nothing,
    not even that the analysis exists."""
    contact, client = require_membership(client_id)
    if SCOPE not in contact.scopes:
        abort(404)
    found = db.session.execute(
        select(Analysis, Perspective).join(Perspective, Perspective.analysis_id == Analysis.id)
        .where(Analysis.id == analysis_id, Analysis.client_id == client_id,
               Perspective.member_id == current_user.id)).first()
    if found is None:
        abort(404)
    return contact, client, found[0], found[1]


def other_views(analysis: Analysis, mine: Perspective) -> list[View]:
    """The other members' written views, by their own names, if the client lets members see them."""
    if not analysis.members_see_each_other:
        return []
    rows = db.session.execute(
        select(Perspective, User.display_name).outerjoin(User, User.id == Perspective.member_id)
        .where(Perspective.analysis_id == analysis.id, Perspective.id != mine.id,
               Perspective.written_at.is_not(None)).order_by(Perspective.written_at, Perspective.id)).all()
    return [View(view, name or gettext("A former member")) for view, name in rows]


MEMBER_LIST = 5  # a member's page of the client lists the newest few, however many years behind them


@dataclass
class Asked:
    """One looking back a member was asked about, as their page of the client lists it."""
    analysis_id: int
    looked_at: date
    written: bool  # the member added their view
    closed: bool


def asked_of_member(client_id, member_id) -> ScalarSelect:
    """The newest MEMBER_LIST analyses the member was asked about, as one JSON value: it comes with
    the card's query on the member's page (analysis/__init__.py, network/support.py)."""
    newest = (select(Analysis.id, Analysis.looked_at, Perspective.written_at.is_not(None).label("written"),
                     Analysis.closed_at.is_not(None).label("closed"))
              .join(Perspective, Perspective.analysis_id == Analysis.id)
              .where(Analysis.client_id == client_id, Perspective.member_id == member_id)
              .order_by(Analysis.looked_at.desc(), Analysis.id.desc()).limit(MEMBER_LIST).subquery())
    return select(json_rows(newest.c.id, newest.c.looked_at, newest.c.written, newest.c.closed)).scalar_subquery()


def analyses_for_member(contact: Contact) -> list[Asked]:
    """On a member's page of the client: the newest analyses they were asked about, newest first
    (none without the scope)."""
    if contact.member_id is None or SCOPE not in contact.scopes:
        return []
    rows = brought_with_card("analyses_asked", lambda: db.session.scalar(
        select(asked_of_member(contact.client_id, contact.member_id))))
    found = [Asked(analysis_id, date.fromisoformat(looked_at), bool(written), bool(closed))
             for analysis_id, looked_at, written, closed in rows]
    return sorted(found, key=lambda asked: (asked.looked_at, asked.analysis_id), reverse=True)
