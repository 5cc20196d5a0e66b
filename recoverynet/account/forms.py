"""Reading the settings forms: profile, password and notifications."""
from flask_babel import gettext

from recoverynet.auth.models import User
from recoverynet.auth.passwords import check_password
from recoverynet.forms import Form
from recoverynet.timeutil import local_today


def read_profile_form(form: Form, user: User) -> dict:
    """Name, time zone, country and sober date; the sober date may not be after today where they live."""
    values = {"display_name": form.text("display_name", required=gettext("Please tell us what to call you."),
                                               max_length=80),
              "timezone": form.timezone(), "country": form.country()}
    values["sober_since"] = form.day("sober_since", not_after=local_today(values["timezone"] or user.timezone))
    return values


def read_password_form(form: Form, user: User) -> str:
    """The new password, once the current one is right."""
    if not check_password(user.password_hash, form.raw.get("current_password") or ""):
        form.error("current_password", gettext("That isn't your current password. Please try again."))
    return form.new_password("new_password", user_inputs=(user.email, user.display_name))


def read_notifications_form(form: Form) -> dict:
    """Quiet hours (both or neither) and whether lock-screen text may be detailed."""
    start, end = form.time("quiet_start"), form.time("quiet_end")
    if bool(start) != bool(end):
        form.error("quiet_end" if start else "quiet_start", gettext("Please give both a start and an end, or neither."))
    return {"quiet_start": start, "quiet_end": end, "detailed_notifications": form.flag("detailed_notifications")}
