"""The log form as it first appears (nothing typed, no entry being edited), kept once per language.

Home and the Log tab show it on every visit, and its markup is the same for everyone who reads a
language but for two parts: the client's own trigger chips (their words) and the id the device
gives the entry (fresh each time, so a resend is stored once). Rendering its sixteen scale
buttons, twelve built-in chips, six fields and their error slots took an eighth of Home's time;
so the form is rendered once per catalog with stand-ins where those two parts go, and a request
renders only the client's own chips, if they have any. Nobody's own words are kept."""
from collections.abc import Sequence

from flask import current_app, request
from markupsafe import Markup

from recoverynet.forms import Form
from recoverynet.log.models import OUTCOMES, STANDARD_TRIGGERS
from recoverynet.translated_templates import request_catalog_files

# Stand-ins nothing else in an empty form can contain (the device id is a uuid), put in first,
# before the client's own words go in.
DEVICE_ID_STAND_IN = "device-id-stand-in"
OWN_CHIPS_STAND_IN = Markup("<!-- the client's own trigger chips -->")
KEPT_AT_MOST = 32  # a few languages under a few path prefixes; more means something is wrong


def is_blank(form: Form, extra: dict) -> bool:
    """A form nothing was typed in, for a new entry, with no problem to report."""
    return not (form.raw or form.errors or extra.get("entry") or extra.get("save_problem"))


def blank_entry_form(trigger_choices: Sequence[str], has_own_triggers: bool, device_id: str) -> Markup:
    """templates/log/_form.html for a new entry with these chips (the built-in ones, then the
    client's own, as entries.trigger_choices lists them) and this device id."""
    own = trigger_choices[len(STANDARD_TRIGGERS):]
    own_chips = current_app.jinja_env.get_template("log/_chips.html").render(
        trigger_choices=own, chosen_triggers=(), has_own_triggers=has_own_triggers) if own or has_own_triggers else ""
    return Markup(_kept_form().replace(DEVICE_ID_STAND_IN, device_id, 1).replace(OWN_CHIPS_STAND_IN, own_chips, 1))


def _kept_form() -> str:
    if current_app.jinja_env.auto_reload:  # while templates are being edited, show each edit
        return _render_form()
    kept = current_app.extensions.setdefault("blank_log_forms", {})
    key = (request.script_root, request_catalog_files())
    if key not in kept:
        if len(kept) >= KEPT_AT_MOST:
            kept.clear()
        kept[key] = _render_form()
    return kept[key]


def _render_form() -> str:
    return current_app.jinja_env.get_template("log/_form.html").render(
        form=Form({}), entry=None, outcomes=OUTCOMES, device_id=DEVICE_ID_STAND_IN,
        trigger_choices=STANDARD_TRIGGERS, has_own_triggers=False, chips_stand_in=OWN_CHIPS_STAND_IN)
