"""Reading the form a member pledges or gives a reward with."""
from flask_babel import gettext

from recoverynet.forms import Form
from recoverynet.rewards.models import MILESTONE_KINDS, REWARD_KINDS


def read_pledge_form(form: Form) -> dict:
    """What the reward is, and when it unlocks: now, or at a milestone with its target."""
    values = {"title": form.text("title", required=gettext("Please say what the reward is."), max_length=120),
              "kind": form.choice("kind", REWARD_KINDS, default="other"),
              "note": form.text("note", max_length=500),
              "when": form.choice("when", (*MILESTONE_KINDS, "now"),
                                  message=gettext("Please choose when it unlocks.")),
              "target": None}
    if values["when"] in MILESTONE_KINDS:
        values["target"] = form.number("target", 1, 3650, required=gettext("Please say how many."))
    return values
