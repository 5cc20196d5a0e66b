"""The network page's "A basic working network" checklist (DESIGN.md part 12): each item ticks
from the map the page already loaded and from facts the page's session lookup brought, and
links to where it is done."""
from flask import url_for
from flask_babel import lazy_gettext

from recoverynet.auth.models import User
from recoverynet.network.models import Contact
from recoverynet.starter.facts import CLINICIAN, PEERS
from recoverynet.starter.plan import Step, facts_for

# What the checklist asks the session's lookup for on the network page.
NETWORK_FACTS = ("crisis_plan_signed", "checkin_scheduled", "meeting_tried", "needs_recorded",
                 "open_need_without_helper")
BACKUPS = 2


def backup_supports(contacts: list[Contact]) -> list[Contact]:
    """People beside the clinical lead and the peer worker who can share the load: not a group,
    not marked risky."""
    return [c for c in contacts if c.relationship not in CLINICIAN + PEERS + ("group",) and c.label != "risky"]


def working_network(person: User, contacts: list[Contact]) -> list[Step]:
    """The checklist's items, in the order of DESIGN.md part 12."""
    facts = facts_for(person, NETWORK_FACTS)
    relationships = {c.relationship for c in contacts}
    new_card = url_for("network.new")
    return [
        Step(lazy_gettext("A named clinical lead: a clinician on your map"), bool(relationships & set(CLINICIAN)),
             new_card),
        Step(lazy_gettext("A peer worker: a peer coach or sponsor"), bool(relationships & set(PEERS)), new_card),
        Step(lazy_gettext("At least two backup supports, so no one person carries everything"),
             len(backup_supports(contacts)) >= BACKUPS, new_card),
        Step(lazy_gettext("A crisis plan with people on it, read through and signed off"),
             facts["crisis_plan_signed"], url_for("crisis.edit_plan")),
        Step(lazy_gettext("A weekly check-in"), facts["checkin_scheduled"], url_for("checkin_schedule.schedule")),
        Step(lazy_gettext("A mutual-help option: a meeting you went to, or a group on your map"),
             facts["meeting_tried"] or "group" in relationships, url_for("meetings.index")),
        Step(lazy_gettext("A sober activity you enjoy with others"), bool(person.sober_activity),
             url_for("starter.activity")),
        Step(lazy_gettext("Practical needs covered: each open one has someone helping"),
             facts["needs_recorded"] and not facts["open_need_without_helper"], url_for("needs.index")),
    ]
