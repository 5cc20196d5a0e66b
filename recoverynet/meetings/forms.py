"""Reading the form a meeting attended is recorded with."""
from datetime import date

from flask_babel import gettext

from recoverynet.forms import Form
from recoverynet.meetings.models import MEETING_KINDS


def read_meeting_form(form: Form, today: date) -> dict:
    """The day (today or earlier where the client lives), the kind of meeting and a short note."""
    return {"attended_on": form.day("attended_on", required=gettext("Please say which day."), not_after=today),
            "kind": form.choice("kind", MEETING_KINDS, default="",
                                message=gettext("Please choose the kind of meeting.")),
            "note": form.text("note", max_length=200)}
