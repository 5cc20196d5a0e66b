"""Reading a contact card from its form."""
from flask_babel import gettext

from recoverynet.forms import Form
from recoverynet.network.models import CIRCLES, CONTACT_METHODS, LABELS, RELATIONSHIPS


def read_contact_form(form: Form) -> dict:
    """Clean values for a contact card; errors land on `form`."""
    return {
        "name": form.text("name", required=gettext("Please give a name, or a nickname only you understand."),
                          max_length=80),
        "relationship": form.choice("relationship", RELATIONSHIPS, default="other"),
        "circle": form.choice("circle", CIRCLES, default="middle"),
        "label": form.choice("label", LABELS, default="unknown"),
        "reliability": form.number("reliability", 1, 5),
        "helpfulness": form.number("helpfulness", 1, 5),
        "phone": form.phone("phone"),
        "preferred_contact": form.choice("preferred_contact", CONTACT_METHODS, default="", optional=True),
        "available_daytime": form.flag("available_daytime"),
        "available_out_of_hours": form.flag("available_out_of_hours"),
        "boundaries": form.text("boundaries", max_length=500),
        "notes": form.text("notes"),  # Form.text's own limit, 2,000 characters
    }
