"""What rewards do when other features announce a moment (events.py): unlock reached pledges,
and ask givers about a pledge after a new count. In the sender's transaction; never a commit."""
from flask import Flask

from recoverynet.events import entry_logged, meeting_recorded, profile_changed, slip_recorded
from recoverynet.rewards.unlock import flag_pledges_after_new_count, unlock_due_rewards


def unlock_reached_pledges(app: Flask, client, **moment) -> None:
    """A check-in, a meeting or a new sober date may be the one a pledge waits for."""
    unlock_due_rewards(client)


def review_pledges_after_a_new_count(app: Flask, client, slip, **moment) -> None:
    """A slip that starts the count again never silently cancels a pledge."""
    if slip.new_sober_since:
        flag_pledges_after_new_count(client)


def init_app(app: Flask) -> None:
    # Connected for this app as sender (Flask's convention). Leaving the sender out (listening to
    # every app's moments) is an equivalent mutant: every app create_app makes connects these same
    # receivers, and a receiver acts in the sending app's context, so each moment is still heard
    # once, by the app that sent it.
    for moment in (entry_logged, meeting_recorded, profile_changed):
        moment.connect(unlock_reached_pledges, app)  # pragma: no mutate
    slip_recorded.connect(review_pledges_after_a_new_count, app)  # pragma: no mutate
