"""Who is in whose network, and what each member may see. Every member view asks here."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TypeVar

from flask import abort, g
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, bindparam, exists, func, insert, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import SCOPES, Contact, Grant, ViewRecord
from recoverynet.timeutil import local

T = TypeVar("T")


def membership(client_id: int, member_id: int) -> Contact | None:
    """The contact card that links this member to this client, if they are a member now."""
    return db.session.scalar(select(Contact).where(Contact.client_id == client_id,
                                                   Contact.member_id == member_id))


def require_membership(client_id: int, *also_load,
                       along: dict[str, Callable[[ColumnElement, ColumnElement], ColumnElement]] | None = None,
                       ) -> tuple[Contact, User]:
    """The signed-in member's card in this client's network, or 404 (removed members included).

    The card, its grants and the client come in one query; each of the card's relationships in
    `also_load` in one more (joined to the grants, every grant would come once per reward).
    `along`: columns a page's parts asked to come with the card (network/support.py
    MEMBER_PAGE_ALONG), each made from (client id, member id), such as an "any?" that spares a
    part's query; read with brought_with_card."""
    along = along or {}
    query = _card_query(also_load, tuple(along.items()))
    found = db.session.execute(query, {"client_id": client_id, "member_id": current_user.id}).unique().first()
    if found is None:
        abort(404)
    g.brought_with_card = dict(zip(along, found[2:]))
    return found[0], found[1]


@lru_cache(maxsize=64)
def _card_query(also_load: tuple, along: tuple[tuple[str, Callable], ...]) -> Select:
    """The card's query for one page's shape, built once: a member's page of the client brings
    half a dozen subqueries, and building them (and their cache key) each visit cost more than
    running them. A column that depends on the day binds it with a callable (bindparam's
    callable_), read at each execution."""
    client_id, member_id = bindparam("client_id"), bindparam("member_id")
    return (select(Contact, User, *(column_for(client_id, member_id) for _, column_for in along))
            .join(User, User.id == Contact.client_id)
            .options(joinedload(Contact.grants), *(selectinload(relation) for relation in also_load))
            .where(Contact.client_id == client_id, Contact.member_id == member_id))


def brought_with_card(name: str, otherwise: Callable[[], T]) -> T:
    """What require_membership brought with the card for `name`, or otherwise() where it didn't."""
    along = g.get("brought_with_card", {})
    return along[name] if name in along else otherwise()


# A reward tied to a milestone tells whoever watches it how far the client has got, so following
# one needs the scope that covers that milestone. Rewards given now need none.
MILESTONE_SCOPES = {"sober_days": "sober_days", "checkins": "checkins", "meetings": "checkins"}


def may_follow_milestone(contact: Contact | None, milestone_kind: str | None) -> bool:
    """Whether this member may pledge to, and follow the progress of, a milestone of this kind."""
    if milestone_kind is None:
        return True
    return contact is not None and MILESTONE_SCOPES[milestone_kind] in contact.scopes


def _members_with_scope(client_id: int, scope: str):
    return (select(User).join(Contact, Contact.member_id == User.id).join(Grant)
            .where(Contact.client_id == client_id, Grant.scope == scope))


def members_with_scope(client_id: int, scope: str) -> list[User]:
    return list(db.session.scalars(_members_with_scope(client_id, scope).order_by(Contact.id)))


def _members_holding(client_id, scope) -> Select:
    """How many members (joined, not just invited) hold `scope` on the client's map."""
    return (select(func.count()).select_from(Contact).join(Grant)
            .where(Contact.client_id == client_id, Contact.member_id.is_not(None), Grant.scope == scope))


# Built once: the count itself, where the session's lookup did not bring it (counting_members_with_scope).
_COUNT_MEMBERS_WITH_SCOPE = _members_holding(bindparam("client_id"), bindparam("scope"))


def count_members_with_scope(client_id: int, scope: str) -> int:
    return db.session.scalar(_COUNT_MEMBERS_WITH_SCOPE, {"client_id": client_id, "scope": scope})


def counting_members_with_scope(scope: str) -> Callable[[ColumnElement], ColumnElement[int]]:
    """The same count as a column of the session's lookup (auth.sessions.load_with_person), for a
    page that shows it on every visit: one query fewer."""
    def column_for(person_id) -> ColumnElement[int]:
        return _members_holding(person_id, scope).correlate_except(Contact, Grant).scalar_subquery()
    return column_for


def supported_clients(member: User) -> list[tuple[Contact, User]]:
    """Everyone this person supports, with the card that links them (one query, not one a row;
    the cards' grants, which the lists don't show, are not read with them)."""
    rows = db.session.execute(select(Contact, User).join(User, User.id == Contact.client_id)
                              .options(lazyload(Contact.grants))
                              .where(Contact.member_id == member.id).order_by(Contact.joined_at))
    return [(contact, client) for contact, client in rows]


def supports_anyone(person_id) -> ColumnElement[bool]:
    """Whether this person is in anyone's network: Home asks before listing them (supported_clients)."""
    return exists().where(Contact.member_id == person_id)


def record_views(client_id: int, shown: dict[str, str]) -> None:
    """Note, for the client's audit, what the signed-in member was shown: {scope: what}."""
    if shown:
        db.session.execute(insert(ViewRecord), [
            {"client_id": client_id, "member_id": current_user.id, "scope": scope, "shown": what[:200]}
            for scope, what in shown.items()])


@dataclass
class SeenLine:
    """One person's views of one part of the client's data on one day."""
    member_id: int
    scope: str
    shown: str  # what the latest of them showed
    last: datetime
    times: int = 1


def views_by_day(records: list[ViewRecord], timezone: str | None) -> list[tuple[date, list[SeenLine]]]:
    """Who saw what, a day at a time (the client's days, newest first): within a day one line per
    person and part, with how many times and when last, so ten visits make one line, not ten.
    `records` come newest first; people keep the order of their latest visit, parts the order of SCOPES."""
    days: dict[date, dict[int, dict[str, SeenLine]]] = {}
    for record in records:
        people = days.setdefault(local(record.viewed_at, timezone).date(), {})
        parts = people.setdefault(record.member_id, {})
        if record.scope in parts:
            parts[record.scope].times += 1
        else:
            parts[record.scope] = SeenLine(record.member_id, record.scope, record.shown, record.viewed_at)
    order = {scope: n for n, scope in enumerate(SCOPES)}
    return [(day, [line for parts in people.values()
                   for line in sorted(parts.values(), key=lambda line: order.get(line.scope, len(order)))])
            for day, people in days.items()]
