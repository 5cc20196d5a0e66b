"""The client's page about early warning: who gets a prompt, and who was told, when and why."""
from flask import Blueprint
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant
from recoverynet.pages import page_number, render
from recoverynet.templating import day_words
from recoverynet.warning.models import KEPT_DAYS, SCOPE, WarningNotice, WarningSign

bp = Blueprint("warning", __name__, url_prefix="/network")

SHOWN = 20  # signs a page, newest first; "Show earlier" brings the 20 before


@bp.get("/early-warning")
@login_required
def told():
    """Who gets a prompt to check in when things look hard, and who was told each time, and why,
    a page of signs at a time."""
    page = page_number()
    chosen = db.session.scalars(
        select(Contact).join(Grant, Grant.contact_id == Contact.id)
        .where(Contact.client_id == current_user.id, Grant.scope == SCOPE, Contact.member_id.is_not(None))
        .order_by(Contact.name)).all()
    # Each sign with each member it reached (or waits for), by the name on the client's card: the
    # columns shown, not whole rows (a page of 20 signs told to two members each made 40 objects
    # and read 120 times it never shows).
    rows = db.session.execute(
        select(WarningSign.id, WarningSign.day, WarningSign.text, WarningNotice.told_at.is_not(None),
               Contact.name, User.display_name)
        .outerjoin(WarningNotice, WarningNotice.sign_id == WarningSign.id)
        .outerjoin(User, User.id == WarningNotice.member_id)
        .outerjoin(Contact, (Contact.client_id == WarningSign.client_id)
                   & (Contact.member_id == WarningNotice.member_id))
        .where(WarningSign.id.in_(select(WarningSign.id).where(WarningSign.client_id == current_user.id)
                                  .order_by(WarningSign.day.desc(), WarningSign.id.desc())
                                  .offset((page - 1) * SHOWN).limit(SHOWN + 1)))
        .order_by(WarningSign.day.desc(), WarningSign.id.desc(), Contact.name)).all()
    signs: dict[int, dict] = {}
    for sign_id, day, text, told, card_name, own_name in rows:
        entry = signs.setdefault(sign_id, {"day": day, "text": text, "told": [], "waiting": []})
        if own_name is not None:
            entry["told" if told else "waiting"].append(card_name or own_name)
    shown = list(signs.values())
    return render("warning/told.html", "warning/_signs.html", chosen=chosen, signs=_sign_lines(shown[:SHOWN]),
                  has_earlier=len(shown) > SHOWN, page=page, kept_days=KEPT_DAYS)


def _sign_lines(signs: list[dict]) -> list[dict]:
    """Each sign's day and what was said of it, each sentence looked up once a page (in the
    template a full page looked up 40 and filled them through Jinja, ~25 µs a sign)."""
    told, waiting, nobody = (gettext("We let %(names)s know you might like a call."),
                             gettext("%(names)s will get the prompt when their quiet hours end."),
                             gettext("Nobody was told."))
    locale = get_locale()
    lines = []
    for sign in signs:
        said = [told % {"names": ", ".join(sign["told"])}] if sign["told"] else []
        if sign["waiting"]:
            said.append(waiting % {"names": ", ".join(sign["waiting"])})
        lines.append({"day": day_words(sign["day"], "EEE d MMM", locale), "text": sign["text"], "said": said or [nobody]})
    return lines
