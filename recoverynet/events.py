"""The moments one feature announces and others act on, as named signals (blinker, which Flask
ships; Django's contrib/auth/signals.py is the model). A feature sends; it never needs to know
who listens. Receivers are connected once, at start-up (create_app calls each listening
feature's receivers.init_app).

The rule that keeps a request whole: the sender sends *before* it commits, and a receiver never
commits. The sender's request commits once, so whatever a receiver did is kept or rolled back
together with the moment itself.

Each signal is sent with the app as sender (Flask's own convention, so a receiver hears only the
app it was connected to) and `client=`, the person whose moment it is."""
from blinker import Namespace
from flask import current_app

_moments = Namespace()

entry_logged = _moments.signal("entry-logged", doc="A client saved a new log entry (a check-in): client, entry.")
meeting_recorded = _moments.signal("meeting-recorded", doc="A client recorded a meeting attended: client, meeting.")
slip_recorded = _moments.signal("slip-recorded", doc="A client recorded a slip: client, slip (its new_sober_since "
                                                     "is set when the count starts again).")
profile_changed = _moments.signal("profile-changed", doc="A client saved their settings: client (name, time zone, "
                                                         "country or sober date may be new).")


def announce(moment, **details) -> None:
    """Send a moment from the current app; call it before the request commits."""
    moment.send(current_app._get_current_object(), **details)
