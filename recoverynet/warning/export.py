"""The client's early-warning signs in her export (yourdata/sections.py lists the section): each
with who was told, by the names on her cards. Being told is the client's record, never in the
member's export (the member's own inbox item is in their 'notifications')."""
from collections.abc import Iterator
from itertools import groupby

from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.network.models import Contact
from recoverynet.warning.models import WarningNotice, WarningSign

SIGN = ["day", "kind", "text", "since", "created_at"]
HEADER = SIGN + ["told", "waiting"]


def early_warnings(ex) -> Iterator[dict]:
    """Each sign, oldest first, with who was told and who waits for their quiet hours: one query."""
    query = (select(WarningSign.id, *(getattr(WarningSign, name) for name in SIGN), WarningNotice.told_at,
                    Contact.name, User.display_name)
             .outerjoin(WarningNotice, WarningNotice.sign_id == WarningSign.id)
             .outerjoin(User, User.id == WarningNotice.member_id)
             .outerjoin(Contact, (Contact.client_id == WarningSign.client_id) & (Contact.member_id == User.id))
             .where(WarningSign.client_id == ex.person.id).order_by(WarningSign.day, WarningSign.id, WarningNotice.id))
    for _, rows in groupby(ex.stream(query), key=lambda row: row.id):
        rows = list(rows)
        named = [(row.told_at, row.name or row.display_name) for row in rows if row.display_name is not None]
        yield ex.record(rows[0], SIGN, told=[name for at, name in named if at],
                        waiting=[name for at, name in named if not at])
