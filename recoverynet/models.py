"""Imports every model so Alembic and create_all see all tables."""
from recoverynet.extensions import db
from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.checkins.models import ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
from recoverynet.auth.models import AuthSession, DeletedAccountSession, EmailRequest, LoginAttempt, User
from recoverynet.crisis.models import Callee, CrisisAlert, CrisisPlan
from recoverynet.insights.models import InsightMonth
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.mail import OutgoingEmail
from recoverynet.measures.models import CalendarMonth, Questionnaire, QuestionnaireAnswer, UseDay
from recoverynet.meetings.models import Meeting
from recoverynet.medication.models import MedicationAnswer
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.models import Contact, Grant, Invite, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.reminders.models import Reminder
from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.sobriety.models import Slip
from recoverynet.warning.models import WarningNotice, WarningSign

__all__ = ["ActionItem", "Checkin", "CheckinNote", "CheckinParticipant", "CheckinPlan", "Analysis", "Perspective", "AuthSession", "DeletedAccountSession", "Callee", "CalendarMonth", "Contact", "CrisisAlert", "CrisisPlan", "CustomTrigger", "Encouragement", "Entry", "EntryTrigger", "Grant",
           "InsightMonth", "Invite", "LoginAttempt", "Meeting", "MedicationAnswer", "Need", "NeedHelper", "Delivery", "EmailRequest", "Notification", "OutgoingEmail", "PreventionAction", "PreventionPlan", "PushSubscription", "Questionnaire", "QuestionnaireAnswer", "Reminder", "MonthlyReview", "ReviewAttendee", "ReviewParticipant", "ReviewPlan", "Reward", "Slip", "UseDay", "User", "ViewRecord", "WarningNotice", "WarningSign"]


def recreate_tables() -> None:
    """Every table new and empty, as the models say (where tests and benchmarks start). drop_all
    knows only today's tables, so on PostgreSQL the whole schema goes instead."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        db.drop_all()
    db.create_all()
