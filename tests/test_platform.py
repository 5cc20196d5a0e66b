"""The platform: migrations, database settings, instance secrets, the demo data."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from recoverynet import create_app
from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry


def test_migrations_build_exactly_the_schema_the_models_describe(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}", "SECRET_KEY": "x",
                      "TESTING": True},
                     instance_path=str(tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_the_apps_log_still_speaks_after_migrations_run_in_the_same_process(tmp_path):
    # Alembic's logging set-up used to switch off every logger that existed before it (and with
    # it "email not sent" in the log); which tests then passed depended on their order.
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'l.sqlite'}", "SECRET_KEY": "x",
                      "TESTING": True},
                     instance_path=str(tmp_path))
    with app.app_context():
        logger = app.logger
        upgrade()
    assert not logger.disabled


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'w.sqlite'}", "SECRET_KEY": "x",
                      "TESTING": True},
                     instance_path=str(tmp_path))
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # Short, so reads never queue behind stuck writers (issue 18); a save that waits longer gets a 503.
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 1000


def test_first_run_creates_a_secret_key_and_vapid_keys_once(tmp_path):
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True}
    first = create_app(config, instance_path=str(tmp_path))
    second = create_app(config, instance_path=str(tmp_path))
    assert first.secret_key == second.secret_key and len(first.secret_key) == 64
    assert first.config["VAPID_PUBLIC_KEY"] == second.config["VAPID_PUBLIC_KEY"]
    assert len(first.config["VAPID_PUBLIC_KEY"]) == 87  # 65-byte uncompressed P-256 point, base64url
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_instance_dir_database_and_its_wal_files_are_private(tmp_path):
    # A fresh instance/ and SQLite file, as on a first `make run`; the umask is the usual 022.
    instance = tmp_path / "instance"
    database = instance / "recoverynet.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "TESTING": True},
                     instance_path=str(instance))
    with app.app_context():
        db.create_all()
        db.session.add(User(email="a@example.org", password_hash="x", display_name="A"))
        db.session.commit()  # the -wal and -shm files exist while the connection is open
        modes = {path.name: path.stat().st_mode & 0o777 for path in instance.iterdir()}
    assert instance.stat().st_mode & 0o777 == 0o700
    assert {"recoverynet.sqlite", "recoverynet.sqlite-wal", "recoverynet.sqlite-shm", "secret_key",
            "vapid_private.pem"} <= set(modes)
    assert modes == dict.fromkeys(modes, 0o600)


def test_postgres_urls_get_the_psycopg_driver(monkeypatch, tmp_path):
    from recoverynet.config import from_environment
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db/recoverynet")
    assert from_environment(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/recoverynet"


def test_demo_makes_a_fictional_client_with_90_days_of_entries(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0 and "demo.client@example.org" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.is_client))
        assert user.email.endswith("@example.org") and "demo" in user.display_name
        days = db.session.scalars(select(Entry.logged_at)).all()
        assert len(days) > 90 and (max(days) - min(days)).days >= 89
        assert db.session.scalar(select(func.count()).select_from(Entry).where(Entry.situation != "")) > 5


@pytest.mark.parametrize(("environment", "address"), [
    ({}, "http://127.0.0.1:5000/login"),
    ({"PORT": "8123"}, "http://127.0.0.1:8123/login"),
    ({"HOST": "0.0.0.0", "PORT": "8123"}, "http://127.0.0.1:8123/login"),
    ({"PORT": "8123", "PUBLIC_URL": "http://192.168.1.20:8123/"}, "http://192.168.1.20:8123/login"),
])
def test_demo_prints_the_sign_in_address_make_run_serves(app, runner, monkeypatch, environment, address):
    for name in ("HOST", "PORT", "PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    result = runner.invoke(args=["demo"], env=environment)
    assert f"Sign in at {address} as demo.client@example.org" in result.output


def test_demo_can_run_twice(app, runner):
    runner.invoke(args=["demo"])
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 4


def test_demo_has_a_network_with_pledged_and_redeemed_rewards(app, runner):
    from recoverynet.network.models import Contact
    from recoverynet.rewards.models import Reward
    runner.invoke(args=["demo"])
    with app.app_context():
        contacts = db.session.scalars(select(Contact)).all()
        assert {c.relationship for c in contacts} >= {"partner", "sibling", "peer coach", "clinician", "friend"}
        assert any(c.label == "risky" for c in contacts)
        statuses = set(db.session.scalars(select(Reward.status)))
        assert {"pledged", "redeemed"} <= statuses
