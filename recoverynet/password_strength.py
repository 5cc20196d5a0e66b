"""How guessable a new password is, with zxcvbn (offline: its word lists ship with it).

We refuse a score below 3. zxcvbn's 3 means roughly 10^8 to 10^10 guesses, "safely
unguessable" against an online attacker and slow enough against a stolen argon2id hash;
2 and below is within reach of the lists attackers try first. Our fixtures' "correct horse
battery" and ordinary three- and four-word passphrases score 4.
"""
import re
import threading

from flask_babel import gettext, lazy_gettext
from zxcvbn import zxcvbn

MIN_SCORE = 3
# zxcvbn keeps the user's words in a module-level dictionary for the duration of a call, so two
# threads checking at once could see each other's words.
_one_at_a_time = threading.Lock()
# zxcvbn is slow on long input and a long password is rarely weak past its start.
CHECKED_LENGTH = 100
ADVICE = lazy_gettext("A few unrelated words together, like 'lamp river blue tea', are easier to remember "
                      "and much harder to guess.")
# zxcvbn's warnings (English only, whatever the page's language), each matched on a phrase to a
# sentence of ours, said calmly and translated (small wording changes in zxcvbn still match).
WHY = (
    ("common password", lazy_gettext("That password is one of the most common ones, so it is easy to guess.")),
    ("commonly used password", lazy_gettext("That password is very like a common one, so it is easy to guess.")),
    ("rows of keys", lazy_gettext("That password is a row of keys on the keyboard, so it is easy to guess.")),
    ("keyboard patterns", lazy_gettext("That password is a pattern on the keyboard, so it is easy to guess.")),
    ("Repeats", lazy_gettext("That password repeats itself, so it is easy to guess.")),
    ("Sequences", lazy_gettext("That password is a simple sequence, like 'abc' or '6543', so it is easy to guess.")),
    ("years", lazy_gettext("That password leans on a year, and years are easy to guess.")),
    ("Dates", lazy_gettext("That password leans on a date, and dates are easy to guess.")),
    ("word by itself", lazy_gettext("A single word on its own is easy to guess.")),
    ("surnames", lazy_gettext("A name on its own is easy to guess.")),
)


def weak_password_reason(password: str, user_inputs: list[str]) -> str | None:
    """A calm sentence on why `password` is easy to guess and what is stronger, or None if it is fine."""
    with _one_at_a_time:
        result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=_personal_words(user_inputs),
                        max_length=CHECKED_LENGTH)
    if result["score"] >= MIN_SCORE:
        return None
    if any(match.get("dictionary_name") == "user_inputs" for match in result["sequence"]):
        why = gettext("That password uses your name or email address, so it is easy to guess.")
    else:
        warning = result["feedback"]["warning"]
        why = next((sentence for phrase, sentence in WHY if phrase in warning),
                   gettext("That password would be easy to guess."))
    # Two whole sentences, each translated on its own: why, then what is stronger.
    return f"{why} {ADVICE}"


def _personal_words(user_inputs: list[str]) -> list[str]:
    """"sam.jones@example.org" and "Sam Jones" as the words zxcvbn should treat as known:
    each whole, each part, and the parts run together ("samjones")."""
    words = set()
    for text in filter(None, user_inputs):
        parts = [part for part in re.split(r"[\W_]+", text.split("@")[0]) if len(part) > 2]
        words.update([text, "".join(parts), *parts])
    return sorted(word for word in words if word)
