"""What reminders do when other features announce a moment (events.py). In the sender's
transaction; never a commit."""
from flask import Flask

from recoverynet.events import profile_changed
from recoverynet.reminders.schedule import reschedule_all


def follow_the_new_time_zone(app: Flask, client, **moment) -> None:
    """Saved settings may bring a new time zone: every reminder follows the new local time."""
    reschedule_all(client)


def init_app(app: Flask) -> None:
    profile_changed.connect(follow_the_new_time_zone, app)
