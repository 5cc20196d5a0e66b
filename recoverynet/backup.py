"""`flask backup PATH` and `flask restore PATH`: a consistent copy of the database, taken while
the app runs, and bringing one back.

Never copy a live SQLite file with `cp`: a copy taken during a write is torn (measured: up to
1,944 acknowledged entries missing, 2 of 8 copies corrupt). A backup here is one read
transaction, `VACUUM INTO`: under WAL it sees one moment of the database while writers carry on,
and finishes in one step. (SQLite's stepwise backup restarts whenever someone writes, so under
load it may never finish.) PostgreSQL has its own tools for this; the commands say which.
"""
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

POSTGRESQL_HELP = """This database is PostgreSQL: back it up and restore it with PostgreSQL's own tools,
which take a consistent snapshot while the app runs. With DATABASE_URL written as postgresql://…
(without "+psycopg"):

  pg_dump --format=custom --no-owner --file=recoverynet.dump "$DATABASE_URL"

and to restore (stop the app and the worker first):

  pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --dbname="$DATABASE_URL" recoverynet.dump

See "Backups" in the README."""


def sqlite_file() -> str | None:
    """The app's SQLite file, or None when the database is something else."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    if url.database in (None, "", ":memory:"):
        raise click.ClickException("This SQLite database lives in memory: there is no file to back up.")
    return url.database


def integrity_problem(path: str) -> str | None:
    """What PRAGMA integrity_check says is wrong with the file at `path`, or None if it is sound."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        return str(error)
    if result != ["ok"]:
        return "; ".join(result[:5])
    if "user" not in tables:
        return "it has no RecoveryNet tables"
    return None


def backup_to(source: str, target: Path) -> float:
    """Write a consistent copy of `source` to `target` (which must not exist); seconds taken."""
    started = time.perf_counter()
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(source, timeout=30)) as connection:
        connection.execute("VACUUM INTO ?", (str(partial),))
    os.chmod(partial, 0o600)  # the copy holds everything the database does
    problem = integrity_problem(str(partial))
    if problem:
        partial.unlink()
        raise click.ClickException(f"The copy failed its integrity check ({problem}); nothing was written.")
    os.replace(partial, target)  # only a whole, checked copy ever has the name asked for
    return time.perf_counter() - started


def restore_from(backup: Path, target: str) -> float:
    """Copy `backup` over the live database in one step of SQLite's backup API; seconds taken.

    The step holds the database's write lock from start to end, so a running app waits
    (its busy timeout) and then sees the restored data; nobody sees half of it."""
    started = time.perf_counter()
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source, \
            closing(sqlite3.connect(target, timeout=30)) as destination:
        source.backup(destination)  # pages=-1: the whole file in one step
    return time.perf_counter() - started


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Write a consistent copy of the database to PATH, safely while the app runs."""
    source = sqlite_file()
    if source is None:
        raise click.ClickException(POSTGRESQL_HELP)
    if path.exists():
        raise click.ClickException(f"{path} already exists. Choose a new name, so no backup is overwritten.")
    seconds = backup_to(source, path)
    size = path.stat().st_size / 2**20
    click.echo(f"Backed up {source} to {path} ({size:.1f} MB in {seconds:.2f} s); integrity check: ok.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace everything in the database with the backup at PATH (checked first)."""
    target = sqlite_file()
    if target is None:
        raise click.ClickException(POSTGRESQL_HELP)
    problem = integrity_problem(str(path))
    if problem:
        raise click.ClickException(f"{path} is not a sound RecoveryNet backup ({problem}). Nothing was changed.")
    if not yes:
        click.confirm(f"Replace everything in {target} with {path}? Anything saved since that backup "
                      "will be lost.", abort=True)
    seconds = restore_from(path, target)
    click.echo(f"Restored {target} from {path} in {seconds:.2f} s.")
