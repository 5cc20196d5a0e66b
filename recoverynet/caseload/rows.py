"""The caseload's rows, read in a fixed number of statements whatever its size: the clients
(one), their flags (flags_for: two), this month's measures (measures_by_month: one)."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import and_, insert, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.flags import Facts, facts_for
from recoverynet.i18n import in_language_of
from recoverynet.measures.monthly import MonthMeasures, measures_by_month
from recoverynet.network.models import Contact, Grant, ViewRecord
from recoverynet.sobriety.milestones import sober_days
from recoverynet.timeutil import local_today

SCOPE = "measures"
# Who has a caseload: a member the client calls their clinician or peer coach.
CASELOAD_RELATIONSHIPS = ("clinician", "peer coach")


@dataclass(frozen=True)
class Row:
    client: User
    relationship: str  # what the client calls this member: "clinician" or "peer coach"
    sober_days: int | None
    facts: Facts
    month: MonthMeasures | None

    @property
    def need(self) -> int:
        return self.facts.need


def caseload_clients(member: User) -> list[tuple[User, str]] | None:
    """(client, relationship) for each client whose card names this member their clinician or
    peer coach AND grants "measures"; None when no client names them so (no caseload at all)."""
    rows = db.session.execute(
        select(User, Contact.relationship, Grant.scope).join(Contact, Contact.client_id == User.id)
        .outerjoin(Grant, and_(Grant.contact_id == Contact.id, Grant.scope == SCOPE))
        .where(Contact.member_id == member.id, Contact.relationship.in_(CASELOAD_RELATIONSHIPS))
        .order_by(User.display_name, User.id)).all()
    if not rows:
        return None
    return [(client, relationship) for client, relationship, granted in rows if granted]


def caseload_rows(clients: list[tuple[User, str]], now: datetime | None = None, months: int = 1
                  ) -> tuple[list[Row], dict[int, list[MonthMeasures]]]:
    """Each client's row, and their measures by month (the last `months`, oldest first)."""
    people = [client for client, _ in clients]
    facts = facts_for(people, now)
    measures = measures_by_month(people, months=months, now=now) if people else {}
    rows = [Row(client, relationship, sober_days(client.sober_since, local_today(client.timezone)),
                facts[client.id], (measures.get(client.id) or [None])[-1])
            for client, relationship in clients]
    return rows, measures


def _last_entry_key(row: Row):
    # The longest silence first: no entry at all before the oldest.
    at = row.facts.last_entry_at
    return (at is not None, at.timestamp() if at else 0, row.client.display_name.casefold())


def _checkin_key(row: Row):
    day = row.facts.last_checkin_on
    return (day is not None, day or date.min, row.client.display_name.casefold())


# Each sort: (its key, the most needing attention first).
SORTS: dict[str, Callable[[Row], object]] = {
    "need": lambda row: (-row.need, row.client.display_name.casefold()),
    "name": lambda row: (row.client.display_name.casefold(), row.client.id),
    "sober_days": lambda row: (row.sober_days is None, row.sober_days or 0, row.client.display_name.casefold()),
    "last_entry": _last_entry_key,
    "checkin": _checkin_key,
}


def sorted_rows(rows: list[Row], sort: str) -> list[Row]:
    return sorted(rows, key=SORTS.get(sort, SORTS["need"]))


def record_caseload_views(rows: list[Row], seen: Callable[[Row], str]) -> None:
    """One line in each listed client's "who saw what", in the client's language, in one statement."""
    if not rows:
        return
    records = []
    for row in rows:
        with in_language_of(row.client):
            records.append({"client_id": row.client.id, "member_id": current_user.id, "scope": SCOPE,
                            "shown": seen(row)[:200]})
    db.session.execute(insert(ViewRecord), records)


def seen_on_the_page(row: Row) -> str:
    flags = len(row.facts.flags)
    return ngettext("Caseload: day count, last entry, latest check-in, this month's measures and %(num)d flag",
                    "Caseload: day count, last entry, latest check-in, this month's measures and %(num)d flags",
                    flags)
