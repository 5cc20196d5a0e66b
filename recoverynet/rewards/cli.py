"""`flask rewards unlock`: unlock every reached pledge (for cron; the reminder worker does it too)."""
import click
from flask.cli import AppGroup

from recoverynet.rewards.unlock import unlock_all_due_rewards

rewards_cli = AppGroup("rewards", help="Rewards housekeeping.")


@rewards_cli.command("unlock")
def unlock_command():
    """Unlock pledges whose milestone has been reached."""
    unlocked, clients = unlock_all_due_rewards()
    click.echo(f"Unlocked {unlocked} reward(s) for {clients} client(s) with pledges.")
