"""Every threshold the flags use, in one place: change a number here and the flags, their
sentences and their tests follow. Each says exactly what counts, boundaries included.

Days are the client's local days (their time zone, daylight saving included). "The last 7 days"
of a day-based flag means today and the six local days before it."""
from datetime import timedelta

# Craving: CRAVING_TIMES entries rated CRAVING_HIGH or more whose times lie at most CRAVING_WITHIN
# apart (exactly 48 h counts; 48 h and a minute does not), the later one in the last RECENT.
CRAVING_HIGH = 8
CRAVING_TIMES = 2
CRAVING_WITHIN = timedelta(hours=48)

# Mood: MOOD_DAYS local days in a row whose average mood (1-5) is MOOD_LOW or lower, the run
# ending in the last RECENT_DAYS local days. A day with no entry breaks the run.
MOOD_LOW = 2
MOOD_DAYS = 3

# A slip whose day (Slip.happened_on) is among the last RECENT_DAYS local days.
# A crisis alert sent within the last RECENT (7 × 24 hours before now).
RECENT_DAYS = 7
RECENT = timedelta(days=RECENT_DAYS)

# Silence: the last entry's local day is SILENT_DAYS or more days before today (last entry on
# Monday, today Thursday: 3 days), and the client "usually logs daily": entries on at least
# USUAL_DAYS of the USUAL_OF local days that end with the last entry's day.
SILENT_DAYS = 3
USUAL_DAYS = 5
USUAL_OF = 7

# The weekly check-in: the plan's latest weekday before today passed with no Checkin held from
# CHECKIN_WEEK - 1 days before it through today (a check-in moved earlier that week, or held
# late, counts). A plan made or changed after that day doesn't count it as missed.
CHECKIN_WEEK = 7

# An action item from a check-in, not done, whose day (due_on) is before today.

# BARC-10 (recovery capital, total 10-60): the latest score BARC_DROP or more below the one before.
BARC_INSTRUMENT = "barc10"
BARC_DROP = 5

# How much each flag weighs when a caseload is sorted by need (the sum of a client's flags).
NEED = {
    "crisis_alert": 50,
    "slip": 40,
    "craving": 30,
    "low_mood": 30,
    "barc_drop": 20,
    "silence": 20,
    "missed_checkin": 10,
    "overdue_action": 5,
}
