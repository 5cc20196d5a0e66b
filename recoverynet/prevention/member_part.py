"""The plan as a member with the "prevention_plan" scope reads it, on network's page of the
client (network/support.py): the client's own words, and who helps only as the names the client
wrote on the plan (never a map card, whose label and notes are the client's alone)."""
from flask import Flask
from flask_babel import gettext
from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import joinedload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.access import brought_with_card
from recoverynet.network.support import MEMBER_PAGE_ALONG, MEMBER_PARTS
from recoverynet.prevention.models import PreventionPlan

SCOPE = "prevention_plan"


def has_plan(client_id, member_id) -> ColumnElement[bool]:
    """Whether the client has saved a plan: asked with the member's card (network/support.py)."""
    return exists().where(PreventionPlan.user_id == client_id)


def plan_for_member(client: User) -> PreventionPlan | None:
    """The client's saved plan with its actions, in one query (none when the card's query found no plan)."""
    if not brought_with_card("has_prevention_plan", lambda: True):
        return None
    return db.session.scalars(select(PreventionPlan).options(joinedload(PreventionPlan.actions))
                              .where(PreventionPlan.user_id == client.id)).unique().one_or_none()


def seen_line(plan: PreventionPlan) -> str:
    """For the client's "who saw what" (worded in the client's language by the caller)."""
    return gettext("Relapse-prevention plan")


def init_app(app: Flask) -> None:
    MEMBER_PARTS[SCOPE] = (plan_for_member, seen_line)
    MEMBER_PAGE_ALONG["has_prevention_plan"] = has_plan
