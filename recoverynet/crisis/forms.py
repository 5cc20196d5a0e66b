"""Reading the crisis plan form: free-text sections and the ordered call list."""
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.crisis.models import DEFAULT_SMS, Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.network.models import Contact

PEOPLE_ROWS, PROFESSIONAL_ROWS = 5, 3
TEXT_SECTIONS = ("warning_signs", "coping_alone", "distractions", "reasons", "naloxone_who", "naloxone_where")
# DEFAULT_SMS in the client's language: they send it to their own people.
SUGGESTED_SMS = lazy_gettext("It's a hard moment. Can you call me?")
TRAINED = {"yes": lazy_gettext("Yes"), "no": lazy_gettext("No"), "unsure": lazy_gettext("Not sure")}


def row_prefixes() -> list[tuple[str, bool]]:
    return [(f"person-{n}", False) for n in range(PEOPLE_ROWS)] + \
           [(f"pro-{n}", True) for n in range(PROFESSIONAL_ROWS)]


def map_contacts(user: User) -> list[Contact]:
    """Map contacts with a phone number, to pick from instead of typing."""
    return list(db.session.scalars(select(Contact).where(Contact.client_id == user.id, Contact.phone != "")
                                   .order_by(Contact.circle, Contact.name)))


def _read_row(form: Form, prefix: str, contacts: dict[int, Contact]) -> dict | None:
    raw_pick = form.raw.get(f"{prefix}-contact") or ""
    # Only a plain, short number: "²" passes isdigit() and 5,000 digits pass isdecimal(), and
    # int() refuses both.
    plain = raw_pick.isascii() and raw_pick.isdecimal() and len(raw_pick) <= 18
    picked = contacts.get(int(raw_pick)) if plain else None
    name = form.text(f"{prefix}-name", max_length=80) or (picked.name if picked else "")
    day = form.phone(f"{prefix}-day") or (picked.phone if picked else "")
    night = form.phone(f"{prefix}-night")
    if not (name or day or night):
        return None
    if not name:
        form.error(f"{prefix}-name", gettext("Please add a name for this number."))
    if not (day or night):
        form.error(f"{prefix}-day", gettext("Please add a number for %(name)s, or clear the row.", name=name))
    return {"name": name, "daytime_phone": day, "out_of_hours_phone": night,
            "contact_id": picked.id if picked else None}


def read_plan_form(form: Form, user: User) -> dict:
    values = {name: form.text(name, max_length=2000) for name in TEXT_SECTIONS}
    values["sms_message"] = form.text("sms_message", max_length=300) or str(SUGGESTED_SMS)
    values["uses_opioids"] = form.flag("uses_opioids")
    values["naloxone_trained"] = form.choice("naloxone_trained", TRAINED, default="", optional=True)
    contacts = {c.id: c for c in map_contacts(user)}
    values["rows"] = [(row, professional) for prefix, professional in row_prefixes()
                      if (row := _read_row(form, prefix, contacts))]
    return values


def save_plan(user: User, values: dict) -> CrisisPlan:
    plan = db.session.scalar(select(CrisisPlan).where(CrisisPlan.user_id == user.id)) or CrisisPlan(user_id=user.id)
    for name, value in values.items():
        if name != "rows":
            setattr(plan, name, value)
    plan.callees = [Callee(position=n, professional=professional, **row)
                    for n, (row, professional) in enumerate(values["rows"])]
    db.session.add(plan)
    db.session.commit()
    return plan


def plan_as_form_data(plan: CrisisPlan | None) -> dict:
    """The saved plan in the form's own field names, so one template shows both."""
    if plan is None:
        return {"sms_message": str(SUGGESTED_SMS)}
    data = {name: getattr(plan, name) for name in TEXT_SECTIONS}
    # The untouched English default (a plan made outside the form) was never the client's words.
    sms_message = str(SUGGESTED_SMS) if plan.sms_message == DEFAULT_SMS else plan.sms_message
    data.update(sms_message=sms_message, naloxone_trained=plan.naloxone_trained,
                uses_opioids="on" if plan.uses_opioids else "")
    for people, prefix in ((plan.people, "person"), (plan.professionals, "pro")):
        for n, callee in enumerate(people):
            data.update({f"{prefix}-{n}-name": callee.name, f"{prefix}-{n}-day": callee.daytime_phone,
                         f"{prefix}-{n}-night": callee.out_of_hours_phone,
                         f"{prefix}-{n}-contact": str(callee.contact_id or "")})
    return data
