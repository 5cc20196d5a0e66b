"""`flask import-person FILE.zip --email ADDRESS [--create]`: bring a person's export into this
RecoveryNet (importing.py says what comes back, and why the same file twice adds nothing twice)."""
import secrets

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.auth.passwords import hash_password
from recoverynet.extensions import db
from recoverynet.yourdata.importing import ImportProblem, import_person, is_empty, read_export


@click.command("import-person")
@click.argument("export", type=click.File("rb"))
@click.option("--email", required=True, help="The account to bring it into.")
@click.option("--create", is_flag=True, help="Make that account first, with a random password they reset.")
@with_appcontext
def import_person_command(export, email: str, create: bool):
    """Bring a RecoveryNet export (the zip from Download my data) into one account."""
    email = email.strip().lower()
    person = db.session.scalar(select(User).where(User.email == email))
    if create and person is not None:
        raise click.ClickException(f"{email} already has an account: leave out --create to bring the data into it.")
    if not create and person is None:
        raise click.ClickException(f"No account for {email}: add --create to make one.")
    if person is None:
        # Nobody knows this password: the person sets their own with "Forgot your password?",
        # whose link also confirms the address.
        person = User(email=email, password_hash=hash_password(secrets.token_urlsafe(32)), display_name=email[:80])
        db.session.add(person)
        db.session.flush()
    elif not is_empty(person):
        click.echo(f"{email} already holds entries, meetings or cards: adding only what it doesn't have yet.")
    try:
        added = import_person(person, read_export(export))
    except ImportProblem as problem:
        db.session.rollback()
        raise click.ClickException(f"Nothing was brought in: {problem.detail}") from None
    db.session.commit()
    click.echo(f"Brought into {email}: " + ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in added.items())
               + ".")
    if create:
        click.echo("The account has a random password: they set their own with \"Forgot your password?\" "
                   "on the sign-in page, and members must be invited again.")
