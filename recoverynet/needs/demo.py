"""The demo client's practical needs: the rent, the bus route home and a dentist, with who on
the map helps. Called by `flask demo`."""
from datetime import timedelta

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.needs.models import Need, NeedHelper, NeedStatus
from recoverynet.network.models import Contact
from recoverynet.timeutil import local_today

# (area, title, status, next step, next step in days or None, helpers' relationships)
NEEDS = [
    ("housing", "Rent due a week earlier", NeedStatus.IN_PROGRESS, "Call the housing advice line", 3,
     ("peer coach",)),
    ("transport", "A way home that avoids the pub", NeedStatus.NOT_STARTED, "Look at the bus times together", 6,
     ("peer coach", "partner")),
    ("health", "See a dentist", NeedStatus.SORTED, "", None, ("sibling",)),
]


def add_demo_needs(client: User, cards: dict[str, Contact]) -> None:
    today = local_today(client.timezone)
    for area, title, status, next_step, in_days, helpers in NEEDS:
        db.session.add(Need(client_id=client.id, area=area, title=title, status=status, next_step=next_step,
                            next_step_on=today + timedelta(days=in_days) if in_days is not None else None,
                            updated_by_id=client.id,
                            helpers=[NeedHelper(contact_id=cards[role].id) for role in helpers]))
