"""Finding needs: the client's own, a member's view of them, and the open ones other pages show.

The seam for other pages (the weekly check-in, the monthly review): `open_needs(client_id)` gives
the client's needs not sorted yet, in the page's order, each with its helpers loaded; the partial
templates/needs/_open_list.html lists them (set `needs`, and `member_of` to the client's id on a
member's page, where the links lead to the member's view). A member page shows them only when
`may_see_needs(card)`: the member holds the "practical_needs" scope."""
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, request
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import ColumnElement, bindparam, exists, select
from sqlalchemy.orm import lazyload, selectinload

from recoverynet.auth.models import User
from recoverynet.auth.sessions import brought_along
from recoverynet.extensions import db
from recoverynet.needs.models import AREAS, SCOPE, Need, NeedHelper, NeedStatus
from recoverynet.network.access import counting_members_with_scope, require_membership
from recoverynet.network.models import Contact
from recoverynet.templating import ListClock

AREA_ORDER = {area: n for n, area in enumerate(AREAS)}


def _in_page_order(needs) -> list[Need]:
    """Open ones first, then by area in the list's order, then oldest first."""
    return sorted(needs, key=lambda need: (need.status == NeedStatus.SORTED, AREA_ORDER.get(need.area, 99),
                                           need.created_at, need.id))


SORTED_SHOWN = 10  # sorted needs a page lists before "Show all"


# Who helps is shown by name: the helpers' cards come without their grants.
_HELPERS_BY_NAME = selectinload(Need.helpers).joinedload(NeedHelper.contact).lazyload(Contact.grants)


def needs_to_show(client_id: int) -> tuple[list[Need], list[Need], bool]:
    """The needs page's lists in one query (and one for their helpers): the open needs in the
    page's order; the sorted ones, the latest changed first, SORTED_SHOWN of them (all with
    ?sorted=all); and whether there are more."""
    every_sorted = request.args.get("sorted") == "all"
    shown_sorted = (select(Need.id).where(Need.client_id == client_id, Need.status == NeedStatus.SORTED)
                    .order_by(Need.updated_at.desc(), Need.id.desc()).limit(SORTED_SHOWN + 1))
    query = select(Need).options(_HELPERS_BY_NAME).where(Need.client_id == client_id)
    if not every_sorted:
        query = query.where((Need.status != NeedStatus.SORTED) | Need.id.in_(shown_sorted))
    needs = list(db.session.scalars(query))
    done = sorted((need for need in needs if need.status == NeedStatus.SORTED),
                  key=lambda need: (need.updated_at, need.id), reverse=True)
    more = not every_sorted and len(done) > SORTED_SHOWN
    still_open = _in_page_order(need for need in needs if need.status != NeedStatus.SORTED)
    return still_open, (done[:SORTED_SHOWN] if more else done), more


@dataclass(frozen=True, slots=True)
class SortedLine:
    need_id: int
    name: str
    area: str
    sorted_on: str  # "Sorted on 3 Dec 2026"
    link: str | None  # where the name leads; None: plain text


def sorted_lines(done: list[Need], link: Callable[[Need], str | None]) -> list[SortedLine]:
    """The sorted needs' short lines, with the sentence and the reader's zone and language taken
    once for the list (a full list of ten made each through three filters and a macro)."""
    clock, sorted_on = ListClock(), gettext("Sorted on %(date)s")
    return [SortedLine(need.id, need.name, str(need.area_name),
                       sorted_on % {"date": clock.day(clock.minute(need.updated_at), "yMMMd")}, link(need))
            for need in done]


# The open needs, with their helpers (one more query) or without (a list of names, such as
# Home's on every visit): built once, as building a statement costs more than SQLite's answer.
_OPEN_NEEDS = select(Need).where(Need.client_id == bindparam("client_id"), Need.status != NeedStatus.SORTED)
_OPEN_NEEDS_BY_NAME = _OPEN_NEEDS.options(lazyload(Need.helpers))


def open_needs(client_id: int, with_helpers: bool = True) -> list[Need]:
    """The client's needs not sorted yet: for Home, the check-in and the monthly review. Their
    helpers come in one more query (`with_helpers=False`: not at all, for a list of names)."""
    query = _OPEN_NEEDS if with_helpers else _OPEN_NEEDS_BY_NAME
    return _in_page_order(db.session.scalars(query, {"client_id": client_id}))


# How many members see the person's needs: the needs page's line, brought with its session
# lookup (needs/__init__.py).
members_sharing = counting_members_with_scope(SCOPE)


def has_open_needs(person_id) -> ColumnElement[bool]:
    """Whether the person has a need not sorted yet: Home's session lookup asks (needs/__init__.py)."""
    return exists().where(Need.client_id == person_id, Need.status != NeedStatus.SORTED)


def open_needs_for_home(person) -> list[Need]:
    """Home's short list: only for a signed-in client, in one query, and none when Home's session
    lookup found no open need."""
    if not person.is_authenticated or not person.is_client or not brought_along("has_open_needs", lambda: True):
        return []
    return open_needs(person.id, with_helpers=False)


def may_see_needs(card: Contact | None) -> bool:
    """Whether the member on this card may see the client's needs."""
    return card is not None and card.member_id is not None and SCOPE in card.scopes


def own_need(need_id: int) -> Need:
    """The signed-in client's need, or 404."""
    need = db.session.get(Need, need_id)
    if need is None or need.client_id != current_user.id:
        abort(404)
    return need


def member_access(client_id: int) -> tuple[Contact, User]:
    """The signed-in member's card and the client, or 404: in the network now, with the scope now.
    Without either, nothing tells them the client has needs at all."""
    card, client = require_membership(client_id)
    if not may_see_needs(card):
        abort(404)
    return card, client


def helped_need(client_id: int, need_id: int) -> tuple[Contact, User, Need]:
    """A need the signed-in member helps with, or 404 (one they only see is not theirs to change)."""
    card, client = member_access(client_id)
    need = db.session.get(Need, need_id)
    if need is None or need.client_id != client.id or card.id not in need.helper_ids:
        abort(404)
    return card, client, need


def names_by_person(client_id: int) -> dict[int, str]:
    """Who changed a need, by account: the client's members as the client named them on the map."""
    return dict(db.session.execute(select(Contact.member_id, Contact.name)
                                   .where(Contact.client_id == client_id, Contact.member_id.is_not(None))).all())
