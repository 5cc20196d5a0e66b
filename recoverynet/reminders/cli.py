"""`flask reminders run`: the worker that sends reminders, pushes and queued emails (`--once` for cron),
and prunes what is kept long enough (`flask reminders prune` does that alone)."""
import time

import click
from flask.cli import AppGroup

from recoverynet.auth.emails import forget_old_email_requests
from recoverynet.extensions import db
from recoverynet.mail import send_queued_emails
from recoverynet.push.dispatch import signer_from_config, worker_name
from recoverynet.reminders.due import run_once
from recoverynet.retention import Pruning, prune_old_rows
from recoverynet.rewards.unlock import unlock_all_due_rewards
from recoverynet.timeutil import utcnow

reminders_cli = AppGroup("reminders", help="Reminder and push delivery.")


@reminders_cli.command("run")
@click.option("--once", is_flag=True, help="Send what is due now, then stop (for cron).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between checks.")
@click.option("--batch", default=200, show_default=True, help="Deliveries leased at a time.")
@click.option("--concurrency", default=16, show_default=True, help="Pushes sent at once.")
def run_command(once: bool, interval: float, batch: int, concurrency: int):
    """Send due reminders, queued pushes and queued emails; safe to run on several machines at once."""
    worker, signer = worker_name(), signer_from_config()
    last_unlock = float("-inf")  # the first pass unlocks, even in a machine's first minute after boot
    pruning = Pruning()  # old rows go on the first pass, then hourly (recoverynet/retention.py)
    click.echo(f"Reminder worker {worker} started.")
    while True:
        if time.monotonic() - last_unlock > 60:
            unlock_all_due_rewards()  # pledges unlock even when nobody opens the app
            forget_old_email_requests()
            last_unlock = time.monotonic()
        # From cron every minute (--once), the run at the top of each hour prunes.
        if not once or utcnow().minute == 0:
            pruning.if_due()
        counts = run_once(worker, signer, batch=batch, concurrency=concurrency)
        counts["emails"] = send_queued_emails()
        if once:
            click.echo(f"Queued {counts['reminders']} reminder(s); sent {counts['sent']} push(es). "
                       f"Sent {counts['emails']} email(s).")
            return
        if not any(counts.values()):
            time.sleep(interval)
        db.session.remove()


@reminders_cli.command("prune")
def prune_command():
    """Delete the rows kept long enough now (the worker does it hourly); says how many went."""
    counts = prune_old_rows()
    click.echo("Pruned " + ", ".join(f"{count} {what}" for what, count in counts.items()) + ".")
