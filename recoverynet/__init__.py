"""RecoveryNet: the app factory."""
import os
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext

from recoverynet import compression, config, errors, i18n, links, security, sqlite, static_files, templating
from recoverynet.auth import sessions
from recoverynet.extensions import db, login_manager, migrate
from recoverynet.forms import RecordIdConverter, refuse_nul_characters
from recoverynet.instance_secrets import (load_secret_key, load_vapid_keys, make_instance_private,
                                          make_sqlite_private)
from recoverynet.translated_templates import TranslatedEnvironment


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path,
                static_folder="../static", template_folder="../templates")
    app.jinja_environment = TranslatedEnvironment  # fixed sentences translated once, not per request
    app.url_map.converters["int"] = RecordIdConverter
    make_instance_private(Path(app.instance_path))
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    links.configure_public_address(app)
    make_sqlite_private(app.config["SQLALCHEMY_DATABASE_URI"], Path(app.instance_path))
    _load_keys(app)

    db.init_app(app)
    sqlite.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Worded per request (localize_callback), so a flash carries text, not a lazy string.
    login_manager.login_message = lazy_gettext("Please sign in to see that page.")
    login_manager.localize_callback = str
    login_manager.session_protection = None  # our server-side sessions do this job
    sessions.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.before_request(refuse_nul_characters)  # PostgreSQL can't store NUL: say so, don't fail
    i18n.init_app(app)  # before templating: it installs the Jinja i18n extension
    templating.init_app(app)
    static_files.init_app(app)
    compression.init_app(app)

    from recoverynet import models  # noqa: F401  (registers every table)
    from recoverynet import needs
    from recoverynet import starter
    from recoverynet import analysis
    from recoverynet import checkins
    from recoverynet import medication
    from recoverynet import review
    from recoverynet import measures
    from recoverynet import warning
    from recoverynet import caseload
    from recoverynet.account.views import bp as account_bp
    from recoverynet.backup import backup_command, restore_command
    from recoverynet.auth.views import bp as auth_bp
    from recoverynet.crisis.views import bp as crisis_bp
    from recoverynet.demo import demo_command
    from recoverynet.home.views import bp as home_bp
    from recoverynet.insights.months import insights_cli
    from recoverynet.insights.views import bp as insights_bp
    from recoverynet.log.views import bp as log_bp
    from recoverynet.meetings.views import bp as meetings_bp
    from recoverynet.network.contacts import bp as network_bp
    from recoverynet.network.sharing import bp as sharing_bp
    from recoverynet.network.support import bp as support_bp
    from recoverynet.notifications.views import bp as notifications_bp
    from recoverynet.notifications.views import init_app as show_unread_notifications
    from recoverynet.prevention.views import init_app as plan_relapse_prevention
    from recoverynet.pwa.views import bp as pwa_bp
    from recoverynet.push.views import bp as push_bp
    from recoverynet.reminders import receivers as reminder_receivers
    from recoverynet.reminders.cli import reminders_cli
    from recoverynet.reminders.views import bp as reminders_bp
    from recoverynet.rewards import receivers as reward_receivers
    from recoverynet.rewards.cli import rewards_cli
    from recoverynet.rewards.support_page import init_app as show_rewards_on_support_page
    from recoverynet.rewards.views import bp as rewards_bp
    from recoverynet.sobriety.views import bp as sobriety_bp
    from recoverynet.yourdata.views import bp as yourdata_bp
    from recoverynet.yourdata.delete_views import bp as deletion_bp
    from recoverynet.yourdata.leaving import bp as leaving_bp
    from recoverynet.yourdata.import_cli import import_person_command
    from recoverynet.yourdata.import_views import bp as import_bp

    for blueprint in (home_bp, auth_bp, account_bp, log_bp, sobriety_bp, crisis_bp, pwa_bp, network_bp,
                      sharing_bp, support_bp, rewards_bp, notifications_bp, meetings_bp, push_bp, reminders_bp,
                      yourdata_bp, deletion_bp, leaving_bp, insights_bp, import_bp):
        app.register_blueprint(blueprint)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(rewards_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(import_person_command)
    app.cli.add_command(insights_cli)
    # Features that act on others' moments (events.py) listen here, and only here.
    reward_receivers.init_app(app)
    reminder_receivers.init_app(app)
    show_unread_notifications(app)  # the top bar's count, loaded with the signed-in person
    show_rewards_on_support_page(app)  # a member's own rewards, on network's page
    plan_relapse_prevention(app)  # the relapse-prevention plan, and its part of a member's page
    analysis.init_app(app)  # looking back at a slip, with the network's views
    checkins.init_app(app)  # the weekly network check-in, its reminder and action items
    needs.init_app(app)  # practical needs: the client's, a member's view, and the open ones on Home
    medication.init_app(app)  # answering doses, adherence for the client and members with the scope
    review.init_app(app)  # the monthly care-team review and its monthly reminder
    measures.init_app(app)  # the questionnaires, the use-day calendar and the progress page
    caseload.init_app(app)  # a clinician's or peer coach's caseload, its flags and service report
    starter.init_app(app)  # the 30-day starter plan on Home and the network's checklist
    warning.init_app(app)  # early warning: a prompt to check in for the members the client chose
    app.jinja_env.globals["vapid_public_key"] = app.config["VAPID_PUBLIC_KEY"]
    return app


def _load_keys(app: Flask) -> None:
    """Secrets come from the environment or are made once under instance/."""
    instance = Path(app.instance_path)
    app.secret_key = app.config.get("SECRET_KEY") or os.environ.get("SECRET_KEY") or load_secret_key(instance)
    if not app.config["VAPID_PRIVATE_KEY"]:
        app.config["VAPID_PRIVATE_KEY"], app.config["VAPID_PUBLIC_KEY"] = load_vapid_keys(instance)
