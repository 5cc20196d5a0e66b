"""What a notification says. Discreet by default: nothing on a lock screen says what the app
is about. Detailed text only for people who turned it on in settings. (A reminder's words are
the reminders' own: reminders/texts.py.)"""

# Words that must never appear in discreet text (a test scans every text for them).
TELLTALE_WORDS = ("relapse", "craving", "drink", "drug", "sober", "crisis", "alcohol", "recovery",
                  "slip", "naloxone", "addiction", "rehab", "overdose")

DISCREET_EVENTS = {
    "encouragement": "You have a new message",
    "reward_pledged": "You have a new message",
    "reward_given": "You have a new message",
    "reward_unlocked": "Something good is waiting for you",
    "reward_redeemed": "You have a new message",
    "reward_thanked": "You have a new message",
    "pledge_review": "You have a new message",
    "invite_accepted": "Someone new joined you",
    "crisis_alert": "{name} needs you. Please get in touch now.",
    "test": "Notifications are on",
}


def event_text(kind: str, detail: str, detailed: bool, name: str = "") -> tuple[str, str]:
    """(title, body) for something that happened; `detail` is the in-app text."""
    if detailed:
        return "RecoveryNet", detail
    return "Message", DISCREET_EVENTS.get(kind, "You have a new message").format(name=name)
