"""Reading a log entry from its form: mood, craving, outcome, what happened, triggers and when."""
from collections.abc import Sequence
from datetime import datetime, timedelta

from flask_babel import gettext

from recoverynet.auth.models import User
from recoverynet.forms import Form
from recoverynet.log.entries import DETAIL_FIELDS, trigger_choices
from recoverynet.log.models import OUTCOMES
from recoverynet.timeutil import utcnow, zone


def read_entry_form(form: Form, user: User, kept: Sequence[str] = ()) -> dict:
    """Clean values for an entry; errors land on `form`. `kept`: an edited entry's own triggers,
    which it may keep though the chip was renamed, hidden or deleted since."""
    values = {
        "mood": form.number("mood", 1, 5, required=gettext("Please choose how you feel, from 1 to 5.")),
        "craving": form.number("craving", 0, 10),
        "outcome": form.choice("outcome", OUTCOMES, optional=True,
                               message=gettext("Please choose one of the outcomes.")),
    }
    for name in DETAIL_FIELDS:
        values[name] = form.text(name, max_length=2000)
    offered = trigger_choices(user)
    allowed = offered + [label for label in kept if label not in offered]
    chosen = [label for label in form.raw.getlist("triggers") if label in allowed]
    own = form.text("new_trigger", max_length=40).lower()
    if len(own) > 40:  # lowercasing can lengthen text ("İ" becomes two characters)
        form.error("new_trigger", gettext("Please keep this under %(num)s characters.", num=40))
    if own and own not in chosen:
        chosen.append(own)
    values["triggers"] = chosen
    values["new_trigger"] = own if own and own not in offered else ""
    values["logged_at"] = _read_when(form, user)
    return values


def _read_when(form: Form, user: User) -> datetime | None:
    raw = (form.raw.get("logged_at") or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        form.error("logged_at", gettext("Please enter a date and time, like 2024-03-31 18:30."))
        return None
    if moment.tzinfo is not None:
        # The offline outbox sends the moment it was logged, with its offset. A phone whose clock
        # runs fast must not lose the entry: anything up to a day ahead counts as now.
        return min(moment, utcnow()) if moment < utcnow() + timedelta(days=1) else utcnow()
    # A form gives local wall time.
    moment = moment.replace(tzinfo=zone(user.timezone))
    if moment > utcnow() + timedelta(minutes=5):
        form.error("logged_at", gettext("That time is in the future. Please choose now or earlier."))
        return None
    return moment
