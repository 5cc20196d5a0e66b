"""The gaps a map shows, and the map's layout."""
import math
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext

from recoverynet.network.models import Contact


def gaps(contacts: list[Contact]) -> list[str]:
    """What the map is missing, in plain words."""
    found = []
    relationships = {c.relationship for c in contacts}
    inner = [c for c in contacts if c.circle == "inner"]
    if "clinician" not in relationships:
        found.append(gettext("No clinician or counsellor on your map yet."))
    if not relationships & {"peer coach", "sponsor", "group"}:
        found.append(gettext("No peer supporter: someone who has been where you are "
                             "(a sponsor, peer coach or group)."))
    if not any(c.available_out_of_hours for c in contacts):
        found.append(gettext("Nobody marked as reachable out of hours, for nights and weekends."))
    if len(inner) == 1:
        found.append(gettext("Only one person in your inner circle. "
                             "If they're unavailable, who else could you turn to?"))
    if not inner:
        found.append(gettext("Nobody in your inner circle yet."))
    for contact in inner:
        if contact.label == "risky":
            found.append(gettext("%(name)s is in your inner circle but marked risky. Is that where they belong?",
                                 name=contact.name))
    return found


@dataclass(frozen=True)
class Dot:
    contact: Contact
    x: float
    y: float
    initials: str


RING_RADIUS = {"inner": 60, "middle": 110, "outer": 155}


def map_dots(contacts: list[Contact]) -> list[Dot]:
    """Place each person evenly around their circle's ring, on a 340 x 340 picture."""
    dots = []
    for circle, radius in RING_RADIUS.items():
        ring = [c for c in contacts if c.circle == circle]
        for index, contact in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * index / len(ring) + (0.35 if circle == "middle" else 0)
            dots.append(Dot(contact, round(170 + radius * math.cos(angle), 1),
                            round(170 + radius * math.sin(angle), 1), initials(contact.name)))
    return dots


def initials(name: str) -> str:
    """The first letter of each of the first two words, letters only in any alphabet:
    "Lee (old friend)" is "L", "Ángel" is "Á"; "?" when there is none."""
    # NFC: an accent typed as a letter plus a combining mark stays on its letter.
    words = unicodedata.normalize("NFC", name).split()[:2]
    return "".join(word[0] for word in words if word[0].isalpha()).upper() or "?"
