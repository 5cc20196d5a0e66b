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
        # The client, three supporters, and the clinician's three other clients (caseload/demo.py).
        assert db.session.scalar(select(func.count()).select_from(User)) == 4 + 3


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


# ---- Every part alive in the demo (issue 9): each feature seeds its own part (its demo.py) ----

DEMO_PARTS = ["CrisisPlan", "Callee", "Reminder", "CheckinPlan", "CheckinParticipant", "Checkin", "CheckinNote",
              "ActionItem", "ReviewPlan", "MonthlyReview", "ReviewAttendee", "Need", "NeedHelper",
              "MedicationAnswer", "PreventionPlan", "PreventionAction", "Analysis", "Perspective", "Reward",
              "Questionnaire", "QuestionnaireAnswer", "UseDay", "CalendarMonth"]


def _demo_counts() -> dict[str, int]:
    models = {mapper.class_.__name__: mapper.class_ for mapper in db.Model.registry.mappers}
    return {name: db.session.scalar(select(func.count()).select_from(models[name])) for name in DEMO_PARTS}


@pytest.fixture
def demo(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    return app


def _sign_in(client, email, password="demo-recovery-2026"):
    from recoverynet.demo_network import MEMBER_PASSWORD
    password = password if email == "demo.client@example.org" else MEMBER_PASSWORD
    assert client.post("/login", data={"email": email, "password": password}).status_code == 303


def _demo_id(email) -> int:
    return db.session.scalar(select(User.id).where(User.email == email))


@pytest.mark.parametrize("part", DEMO_PARTS)
def test_demo_fills_every_part(demo, part):
    with demo.app_context():
        assert _demo_counts()[part] > 0


def test_demo_run_twice_keeps_one_of_each_part(demo, runner):
    with demo.app_context():
        once = _demo_counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with demo.app_context():
        assert _demo_counts() == once


def test_demo_crisis_plan_has_two_people_a_professional_and_the_naloxone_plan(demo):
    from recoverynet.crisis.models import CrisisPlan
    with demo.app_context():
        plan = db.session.scalar(select(CrisisPlan))
        assert len(plan.people) == 2 and len(plan.professionals) == 1
        assert plan.uses_opioids and plan.naloxone_where and plan.naloxone_who


def test_demo_check_ins_have_done_and_open_items_some_owned_by_supporters(demo):
    from recoverynet.checkins.models import ActionItem, CheckinNote
    with demo.app_context():
        client_id = _demo_id("demo.client@example.org")
        items = db.session.scalars(select(ActionItem)).all()
        assert any(item.done_at for item in items) and any(item.done_at is None for item in items)
        assert {item.owner_id for item in items if item.done_at is None} - {client_id}
        assert len(set(db.session.scalars(select(CheckinNote.section)))) >= 4


def test_demo_has_a_pledged_and_an_unlocked_reward(demo):
    from recoverynet.rewards.models import Reward
    with demo.app_context():
        assert {"pledged", "unlocked"} <= set(db.session.scalars(select(Reward.status)))


def test_demo_slip_is_looked_back_at_with_a_members_written_view(demo):
    from recoverynet.analysis.models import Analysis, Perspective
    with demo.app_context():
        analysis = db.session.scalar(select(Analysis))
        assert analysis.slip_id is not None and analysis.steps
        assert db.session.scalar(select(Perspective).where(Perspective.written_at.is_not(None))).chain


@pytest.mark.parametrize(("email", "own", "others"), [
    ("demo.partner@example.org", "Ask the pharmacy about a weekly blister pack", "Find a bus route home"),
    ("demo.peer@example.org", "Find a bus route home that avoids the high street", "Ask the pharmacy"),
])
def test_demo_supporters_home_lists_their_own_open_action_items(demo, client, email, own, others):
    _sign_in(client, email)
    page = client.get("/").get_data(as_text=True)
    assert own in page and others not in page


@pytest.mark.parametrize(("path", "words"), [
    ("/", "Call the housing advice line"),
    ("/checkins", "Taking part: Jordan Example (demo), Sam Example (demo)"),
    ("/review", "Next review:"),
    ("/needs", "Rent due a week earlier"),
    ("/medication", "Naltrexone"),
    ("/plan/prevention", "Text Sam before walking past the pub"),
    ("/crisis", "Kitchen drawer by the kettle"),
])
def test_demo_clients_pages_show_what_was_seeded(demo, client, path, words):
    _sign_in(client, "demo.client@example.org")
    response = client.get(path)
    assert response.status_code == 200 and words in response.get_data(as_text=True)


def test_demo_past_check_in_and_review_show_what_was_said(demo, client):
    from recoverynet.checkins.models import Checkin
    from recoverynet.review.models import MonthlyReview
    with demo.app_context():
        checkin = db.session.scalar(select(Checkin).order_by(Checkin.held_on.desc()))
        review = db.session.scalar(select(MonthlyReview))
    _sign_in(client, "demo.client@example.org")
    agenda = client.get(f"/checkins/{checkin.client_id}/{checkin.held_on.isoformat()}").get_data(as_text=True)
    assert "Alex cooked dinner twice" in agenda and "Find a bus route home that avoids the high street" in agenda
    assert "naloxone kit is in date" in client.get(f"/review/{review.client_id}/{review.id}").get_data(as_text=True)


def test_demo_slip_looked_back_at_shows_the_members_view(demo, client):
    from recoverynet.analysis.models import Analysis
    with demo.app_context():
        analysis_id = db.session.scalar(select(Analysis.id))
    _sign_in(client, "demo.client@example.org")
    response = client.get(f"/analysis/{analysis_id}")
    assert response.status_code == 200 and "I can ring at five on Fridays" in response.get_data(as_text=True)
