"""Reading the form a slip is recorded with."""
from datetime import date

from flask_babel import gettext

from recoverynet.forms import Form

COUNT_CHOICES = ("restart", "keep")


def read_slip_form(form: Form, today: date) -> dict:
    """When it happened, a note, and the day a new count starts (None to keep the current one)."""
    values = {"happened_on": form.day("happened_on", required=gettext("Please say which day it happened."),
                                      not_after=today),
              "note": form.text("note", max_length=2000), "new_sober_since": None}
    if form.choice("count", COUNT_CHOICES, message=gettext("Please choose what happens to your count.")) == "restart":
        values["new_sober_since"] = form.day("new_sober_since", not_after=today,
                                             required=gettext("Please choose the day your new count starts."))
    return values
