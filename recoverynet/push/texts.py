"""What a notification says. Discreet by default: nothing on a lock screen says what the app
is about. Detailed text only for people who turned it on in settings. (A reminder's words are
the reminders' own: reminders/texts.py.) In the recipient's language: the caller reads them
inside force_locale (notifications/notify.py, the test push in push/views.py)."""
from flask_babel import gettext, lazy_gettext

# Words that must never appear in discreet text (a test scans every text for them).
TELLTALE_WORDS = ("relapse", "craving", "drink", "drug", "sober", "crisis", "alcohol", "recovery",
                  "slip", "naloxone", "addiction", "rehab", "overdose")

DISCREET_EVENTS = {
    "encouragement": lazy_gettext("You have a new message"),
    "reward_pledged": lazy_gettext("You have a new message"),
    "reward_given": lazy_gettext("You have a new message"),
    "reward_unlocked": lazy_gettext("Something good is waiting for you"),
    "reward_redeemed": lazy_gettext("You have a new message"),
    "reward_thanked": lazy_gettext("You have a new message"),
    "pledge_review": lazy_gettext("You have a new message"),
    "invite_accepted": lazy_gettext("Someone new joined you"),
    "crisis_alert": lazy_gettext("%(name)s needs you. Please get in touch now."),
    "test": lazy_gettext("Notifications are on"),
    "action_item_due": lazy_gettext("You have something to do tomorrow"),
    "monthly_review": lazy_gettext("You have something coming up"),
    # Early warning: what to do, never why (recoverynet/warning/).
    "warning_sign": lazy_gettext("%(name)s might like to hear from you today"),
}


def event_text(kind: str, detail: str, detailed: bool, name: str = "") -> tuple[str, str]:
    """(title, body) for something that happened; `detail` is the in-app text."""
    if detailed:
        return "RecoveryNet", detail
    return gettext("Message"), str(DISCREET_EVENTS.get(kind) or gettext("You have a new message")) % {"name": name}
