"""Reading the need forms: the client's whole need, and a helper's status and next step."""
from flask_babel import gettext
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.needs.models import AREAS, NEXT_STEP_MAX, STATUS_NAMES, TITLE_MAX, Need, NeedHelper, NeedStatus
from recoverynet.network.models import Contact


def network_cards(client_id: int) -> list[Contact]:
    """The client's map cards, to choose who helps from (people without an account too)."""
    return list(db.session.scalars(select(Contact).where(Contact.client_id == client_id)
                                   .order_by(Contact.name, Contact.id)))


def read_progress(form: Form) -> dict:
    """Where the need stands and the next step: what a helping member may change too."""
    status = form.choice("status", [str(status) for status in STATUS_NAMES], default="",
                         message=gettext("Please choose where this stands."))
    next_step = form.text("next_step", max_length=NEXT_STEP_MAX)
    next_step_on = form.day("next_step_on")
    if next_step_on and not next_step:
        form.error("next_step", gettext("Please write what the next step is, or clear its date."))
    known = status in {state.value for state in NeedStatus}
    return {"status": NeedStatus(status) if known else None, "next_step": next_step, "next_step_on": next_step_on}


def read_need(form: Form, cards: list[Contact]) -> dict:
    """The client's whole need: its area, a short title, who helps, where it stands, the next step."""
    values = {"area": form.choice("area", AREAS, default="", message=gettext("Please choose what this is about.")),
              "title": form.text("title", max_length=TITLE_MAX)}
    values |= read_progress(form)
    known = {str(card.id): card.id for card in cards}
    chosen = form.raw.getlist("helpers") if hasattr(form.raw, "getlist") else []
    if any(choice not in known for choice in chosen):  # a card deleted meanwhile, or a made-up id
        form.error("helpers", gettext("Someone you chose is no longer on your map. Please choose again."))
    values["helper_ids"] = {known[choice] for choice in chosen if choice in known}
    return values


def chosen_helpers(form: Form, need: Need | None) -> set[int]:
    """The cards ticked on the form as shown: as posted after a refusal, else as saved."""
    if hasattr(form.raw, "getlist"):
        return {int(choice) for choice in form.raw.getlist("helpers") if choice.isascii() and choice.isdecimal()
                and len(choice) <= 10}
    return need.helper_ids if need else set()


def apply_need(need: Need, values: dict) -> None:
    """Write the form's values into `need`, helpers included."""
    helper_ids = values.pop("helper_ids")
    for name, value in values.items():
        setattr(need, name, value)
    need.helpers = [helper for helper in need.helpers if helper.contact_id in helper_ids] + [
        NeedHelper(contact_id=contact_id) for contact_id in sorted(helper_ids - need.helper_ids)]


def need_as_form_data(need: Need) -> dict:
    """A saved need as the form shows it (dates as YYYY-MM-DD)."""
    return {"area": need.area, "title": need.title, "status": str(need.status), "next_step": need.next_step,
            "next_step_on": need.next_step_on.isoformat() if need.next_step_on else ""}

