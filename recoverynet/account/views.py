"""Settings: name, time zone, country, sober date, language, password, the devices signed in; and the
notification settings, whose form is on the reminders page."""
from flask import Blueprint, flash, redirect, request, session, url_for
from flask_babel import gettext, refresh
from flask_login import current_user, login_required

from recoverynet.account.forms import read_notifications_form, read_password_form, read_profile_form
from recoverynet.auth.devices import device_name
from recoverynet.auth.passwords import hash_password
from recoverynet.auth.sessions import (end_one_session, end_other_sessions, end_session, signed_in_devices,
                                       this_session_id)
from recoverynet.events import announce, profile_changed
from recoverynet.extensions import db
from recoverynet.forms import COUNTRIES, RECORD_ID_MAX, Form
from recoverynet.i18n import known_language
from recoverynet.pages import commit_and_redirect, flash_and_redirect, read_form, render
from recoverynet.reminders.views import reminders_page

bp = Blueprint("account", __name__, url_prefix="/settings")
# "Chrome on Android" in the reader's language, for the list of devices.
bp.add_app_template_filter(device_name, "device_name")


def _page(profile: Form | None = None, password: Form | None = None, status: int = 200):
    return render("account/settings.html", profile=profile or Form({}), password_form=password or Form({}),
                  countries=COUNTRIES, status=status,
                  devices=signed_in_devices(current_user), this_session=this_session_id())


def _set_on_person(read, form_name: str, *args) -> None:
    """Set what one of the settings forms holds on the signed-in person; a problem shows the
    settings again with that form's errors."""
    values = read_form(read, lambda form: _page(**{form_name: form}), *args)
    for name, value in values.items():
        setattr(current_user, name, value)


@bp.get("")
@login_required
def settings():
    """Show the settings forms."""
    return _page()


@bp.post("/profile")
@login_required
def profile():
    """Save name, time zone, country and sober date."""
    _set_on_person(read_profile_form, "profile", current_user)
    announce(profile_changed, client=current_user)
    db.session.commit()
    session["refresh_crisis"] = True  # the country decides the emergency numbers on it
    return flash_and_redirect(gettext("Your settings are saved."), "account.settings")


@bp.post("/language")
@login_required
def language():
    """Save the language RecoveryNet speaks to this person in; an unknown one changes nothing."""
    chosen = known_language(request.form.get("language"))
    if chosen:
        current_user.language = chosen
        db.session.commit()
        refresh()  # the message below is already in the new language
        flash(gettext("Your language is saved."))
    return redirect(url_for("account.settings", _anchor="language-title"), code=303)


@bp.post("/password")
@login_required
def password():
    """Change the password; other signed-in devices are signed out."""
    new = read_form(read_password_form, lambda form: _page(password=form), current_user)
    current_user.password_hash = hash_password(new)
    db.session.commit()
    end_other_sessions(current_user)
    return flash_and_redirect(gettext("Your password is changed. Other devices have been signed out."),
                              "account.settings")


@bp.post("/devices/sign-out")
@login_required
def sign_out_device():
    """Sign out one of the other devices in the list."""
    session_id = Form(request.form).number("session_id", 1, RECORD_ID_MAX)
    if session_id:
        end_one_session(current_user, session_id)
    return flash_and_redirect(gettext("That device is signed out. It will need your password to get back in."),
                              "account.settings", _anchor="devices-title")


@bp.post("/devices/sign-out-others")
@login_required
def sign_out_other_devices():
    """Sign out every device but this one."""
    end_other_sessions(current_user)
    return flash_and_redirect(gettext("All your other devices are signed out."), "account.settings",
                              _anchor="devices-title")


@bp.post("/devices/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """Sign out every device, this one included, and wipe this one as signing out does."""
    end_other_sessions(current_user)
    end_session()
    response = redirect(url_for("auth.signed_out"), code=303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.post("/start-recovery")
@login_required
def start_recovery():
    """Someone who joined to support others starts their own recovery space."""
    current_user.is_client = True
    return commit_and_redirect(gettext("Your own recovery space is ready. Only you decide who sees what."),
                               "home.index")


@bp.post("/notifications")
@login_required
def notifications():
    """Save quiet hours and whether lock-screen text may be detailed (a form on the reminders
    page, where everything about reminders is; a problem shows that page again)."""
    values = read_form(read_notifications_form, lambda form: reminders_page(notifications=form))
    for name, value in values.items():
        setattr(current_user, name, value)
    return commit_and_redirect(gettext("Notification settings saved."), "reminders.index",
                               _anchor="notification-settings")
