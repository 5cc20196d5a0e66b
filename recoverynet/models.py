"""Imports every model so Alembic and create_all see all tables."""
from recoverynet.auth.models import AuthSession, LoginAttempt, User
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.sobriety.models import Slip

__all__ = ["AuthSession", "CustomTrigger", "Entry", "EntryTrigger", "LoginAttempt", "Slip", "User"]
