"""`flask rewards unlock`: unlock every reached pledge (for cron, and the reminder worker)."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.rewards.models import Reward
from recoverynet.rewards.unlock import unlock_due_rewards

rewards_cli = AppGroup("rewards", help="Rewards housekeeping.")


@rewards_cli.command("unlock")
def unlock_command():
    """Unlock pledges whose milestone has been reached."""
    client_ids = db.session.scalars(select(Reward.client_id).where(Reward.status == "pledged").distinct()).all()
    unlocked = sum(len(unlock_due_rewards(db.session.get(User, cid))) for cid in client_ids)
    click.echo(f"Unlocked {unlocked} reward(s) for {len(client_ids)} client(s) with pledges.")
