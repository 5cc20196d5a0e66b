"""Reading the relapse-prevention plan form, and what a tapped suggestion adds to it."""
from flask_babel import gettext, ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.network.models import Contact
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.prevention.suggestions import ACTION_MAX

ACTION_ROWS = 6
LINES = ("triggers", "warning_signs", "high_risk_times")
LINES_MAX, HELPER_MAX = 2000, 80
# In the page's order; each is a <details id="block-…"> (templates/_plan_block.html), as on the
# crisis plan: its Save sends its name, and the page after saving opens it again.
BLOCKS = ("triggers", "warning_signs", "actions", "high_risk_times")
# A suggestion's button sends "add-<block>" with its words; these blocks take one.
ADDABLE = ("triggers", "actions", "high_risk_times")


def network_cards(user: User) -> list[Contact]:
    """The client's map cards, to pick who helps from (without their grants, which the form doesn't use)."""
    return list(db.session.scalars(select(Contact).options(lazyload(Contact.grants))
                                   .where(Contact.client_id == user.id).order_by(Contact.circle, Contact.name)))


def known_block(name: str | None) -> str | None:
    """`name` if it is one of the form's blocks (it goes into a URL), else None."""
    return name if name in BLOCKS else None


def block_of(field: str) -> str:
    if field.startswith("action-") or field == "add-actions":
        return "actions"
    return field.removeprefix("add-") if field.removeprefix("add-") in BLOCKS else "triggers"


def open_blocks(form: Form, chosen: str | None) -> list[str]:
    """The block the person was in, and every one with a problem (the summary above links there)."""
    with_errors = {block_of(field) for field in form.errors}
    return [block for block in BLOCKS if block == chosen or block in with_errors]


def _picked(form: Form, name: str, cards: dict[int, Contact]) -> Contact | None:
    raw = form.raw.get(name) or ""
    # Only a plain, short number: int() refuses "²", and 5,000 digits are no card.
    return cards.get(int(raw)) if raw.isascii() and raw.isdecimal() and len(raw) <= 18 else None


def _read_action(form: Form, n: int, cards: dict[int, Contact]) -> dict | None:
    prefix = f"action-{n}"
    action = form.text(f"{prefix}-text", max_length=ACTION_MAX)
    picked = _picked(form, f"{prefix}-contact", cards)
    helper = form.text(f"{prefix}-helper", max_length=HELPER_MAX) or (picked.name if picked else "")
    if not (action or helper):
        return None
    if not action:
        form.error(f"{prefix}-text", gettext("Please write what you'll do, or clear who helps."))
    return {"action": action, "helper_name": helper, "contact_id": picked.id if picked else None}


def read_plan_form(form: Form, user: User) -> dict:
    values = {name: form.text(name, max_length=LINES_MAX) for name in LINES}
    cards = {card.id: card for card in network_cards(user)}
    values["actions"] = [row for n in range(ACTION_ROWS) if (row := _read_action(form, n, cards))]
    _add_suggestion(form, values)
    return values


def tapped_suggestion(form: Form) -> tuple[str, str] | None:
    """(block, words) of the suggestion whose button was pressed, if one was."""
    for block in ADDABLE:
        words = " ".join((form.raw.get(f"add-{block}") or "").split())
        if words:
            return block, words
    return None


def _add_suggestion(form: Form, values: dict) -> None:
    """A tapped suggestion joins the plan with everything else on the form (never twice)."""
    tapped = tapped_suggestion(form)
    if tapped is None:
        return
    block, words = tapped
    if block == "actions":
        words = words[:ACTION_MAX]
        if any(row["action"].casefold() == words.casefold() for row in values["actions"]):
            return
        if len(values["actions"]) >= ACTION_ROWS:
            form.error("add-actions", gettext("Your plan has room for %(num)d things. Clear one to add this.",
                                              num=ACTION_ROWS))
            return
        values["actions"].append({"action": words, "helper_name": "", "contact_id": None})
        return
    lines = [line for line in values[block].splitlines() if line.strip()]
    if words.casefold() not in {line.strip().casefold() for line in lines}:
        values[block] = "\n".join(lines + [words])
    if len(values[block]) > LINES_MAX:
        form.error(block, gettext("Please keep this under %(num)s characters.", num=LINES_MAX))


def load_plan(user_id: int) -> PreventionPlan | None:
    """The client's plan with its actions, in one query."""
    return db.session.scalars(select(PreventionPlan).options(joinedload(PreventionPlan.actions))
                              .where(PreventionPlan.user_id == user_id)).unique().one_or_none()


def save_plan(user: User, values: dict) -> PreventionPlan:
    plan = load_plan(user.id) or PreventionPlan(user_id=user.id)
    for name in LINES:
        setattr(plan, name, values[name])
    plan.actions = [PreventionAction(position=n, **row) for n, row in enumerate(values["actions"])]
    db.session.add(plan)
    db.session.commit()
    return plan


def plan_as_form_data(plan: PreventionPlan | None) -> dict:
    """The saved plan in the form's own field names, so one template shows both."""
    if plan is None:
        return {}
    data = {name: getattr(plan, name) for name in LINES}
    for n, row in enumerate(plan.actions):
        data.update({f"action-{n}-text": row.action, f"action-{n}-helper": row.helper_name,
                     f"action-{n}-contact": str(row.contact_id or "")})
    return data


def lines_of(text: str) -> list[str]:
    """The lines with words in them: what the plan lists."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def written_actions(form: Form) -> list[str]:
    return [text for n in range(ACTION_ROWS) if (text := (form.raw.get(f"action-{n}-text") or "").strip())]


def block_summaries(form: Form) -> dict[str, str]:
    """What each block holds, in a line, from what the form shows (saved, or typed before an error)."""
    counts = {name: len(lines_of(form.raw.get(name))) for name in LINES}
    return {
        "triggers": ngettext("My trigger: %(num)d", "My triggers: %(num)d", counts["triggers"]),
        "warning_signs": ngettext("Warning sign: %(num)d", "Warning signs: %(num)d", counts["warning_signs"]),
        "actions": ngettext("What I do instead: %(num)d thing", "What I do instead: %(num)d things",
                            len(written_actions(form))),
        "high_risk_times": ngettext("High-risk time: %(num)d", "High-risk times: %(num)d",
                                    counts["high_risk_times"]),
    }
