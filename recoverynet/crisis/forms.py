"""Reading the crisis plan form: free-text sections and the ordered call list."""
from babel.lists import format_list
from flask_babel import get_locale, gettext, lazy_gettext, ngettext
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


# ---- The form in closed blocks (issue 15): each says what it holds and opens to edit ----

# In the page's order; each is a <details id="block-…">, and its Save button sends its name, so
# the page after saving opens the block the person was in.
BLOCKS = ("people", "professionals", "warning_signs", "coping_alone", "distractions", "reasons", "naloxone")


def known_block(name: str | None) -> str | None:
    """`name` if it is one of the form's blocks (it goes into a URL), else None."""
    return name if name in BLOCKS else None


def block_of(field: str) -> str:
    """The block that holds a field of the form."""
    if field.startswith("person-") or field == "sms_message":
        return "people"
    if field.startswith("pro-"):
        return "professionals"
    if field in ("uses_opioids", "naloxone_who", "naloxone_where", "naloxone_trained"):
        return "naloxone"
    return field if field in BLOCKS else "people"


def _names(form: Form, prefix: str, rows: int, contacts: dict[str, Contact]) -> list[str]:
    names = []
    for n in range(rows):
        picked = contacts.get(form.raw.get(f"{prefix}-{n}-contact") or "")
        name = (form.raw.get(f"{prefix}-{n}-name") or "").strip() or (picked.name if picked else "")
        if name:
            names.append(name)
    return names


def _lines(form: Form, name: str) -> int:
    """Lines with words in them: what the crisis page shows as steps."""
    return sum(1 for line in (form.raw.get(name) or "").splitlines() if line.strip())


def block_summaries(form: Form, contacts: list[Contact]) -> dict[str, str]:
    """What each block holds, in a line, from what the form shows (saved, or typed before an error)."""
    by_id = {str(c.id): c for c in contacts}
    people, pros = _names(form, "person", PEOPLE_ROWS, by_id), _names(form, "pro", PROFESSIONAL_ROWS, by_id)
    listed = lambda names: format_list(names, locale=get_locale() or "en")  # noqa: E731
    counts = {name: _lines(form, name) for name in TEXT_SECTIONS}
    return {
        "people": ngettext("Person to call: %(names)s", "People to call: %(names)s", len(people), names=listed(people))
        if people else gettext("People to call: none yet"),
        "professionals": ngettext("Professional or service: %(names)s", "Professionals and services: %(names)s",
                                  len(pros), names=listed(pros))
        if pros else gettext("Professionals and services: none yet"),
        "warning_signs": ngettext("Warning sign: %(num)d", "Warning signs: %(num)d", counts["warning_signs"]),
        "coping_alone": ngettext("Thing I can do on my own: %(num)d", "Things I can do on my own: %(num)d",
                                 counts["coping_alone"]),
        "distractions": ngettext("Place or person that distracts me: %(num)d",
                                 "Places and people that distract me: %(num)d", counts["distractions"]),
        "reasons": ngettext("Reason that matters to me: %(num)d", "Reasons that matter to me: %(num)d",
                            counts["reasons"]),
        "naloxone": gettext("Naloxone plan: shown on the crisis page") if form.raw.get("uses_opioids") == "on"
        else gettext("Naloxone plan: not shown"),
    }


def open_blocks(form: Form, chosen: str | None) -> list[str]:
    """The blocks shown open: the one the person was in, and every one with a problem (the error
    summary at the top links into them)."""
    with_errors = {block_of(field) for field in form.errors}
    return [block for block in BLOCKS if block == chosen or block in with_errors]
