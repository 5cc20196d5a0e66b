"""An entry as the lists show it (home, the log, the delete page): its words made here, with each
sentence looked up once a list instead of once an entry.

Made in the template, a page of 20 entries cost ~120 sentence lookups and ~450 template calls, a
third of the log page's time; a long history's full pages paid that where a new client's short
ones did not. The template prints these strings (escaping them as it prints)."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import request
from flask_babel import gettext

from recoverynet.i18n import words_of
from recoverynet.log.models import MOOD_WORDS, OUTCOMES, Entry, trigger_text
from recoverynet.pages import id_links
from recoverynet.templating import ListClock


@dataclass(frozen=True, slots=True)
class EntryLine:
    entry: Entry
    edit_url: str
    label: str  # the link's name read aloud: when, and what the entry holds
    when: str
    mood: str
    craving: str
    outcome: str
    tags: tuple[str, ...]
    just_saved: bool


def entry_lines(entries: Iterable[Entry]) -> list[EntryLine]:
    """Each entry's line, in the reader's language and zone."""
    # Each sentence once, as a pattern (flask_babel's gettext fills it only when given values).
    mood_fact, craving_fact = gettext("mood %(word)s"), gettext("craving %(number)s of 10")
    triggers_fact, label = gettext("triggers: %(names)s"), gettext("%(when)s — %(facts)s")
    mood_badge, craving_badge = gettext("Mood %(number)s · %(word)s"), gettext("Craving %(number)s/10")
    saved = request.args.get("saved")
    clock = ListClock()
    edit_url = id_links("log.edit", "entry_id")
    # Each word once a list too: a page of 20 entries names the same few moods and triggers.
    said: dict[tuple, str] = {}

    def words(key: tuple, text) -> str:
        if key not in said:
            said[key] = str(words_of(text)) if text else ""
        return said[key]

    lines = []
    for entry in entries:
        mood_word = words(("mood", entry.mood), MOOD_WORDS.get(entry.mood))
        outcome = words(("outcome", entry.outcome), OUTCOMES.get(entry.outcome))
        tags = tuple(words(("trigger", name), trigger_text(name)) for name in entry.trigger_labels)
        facts = [mood_fact % {"word": mood_word}]
        if entry.craving is not None:
            facts.append(craving_fact % {"number": entry.craving})
        if tags:
            facts.append(triggers_fact % {"names": ", ".join(tags)})
        if outcome:
            facts.append(outcome)
        when_aloud, when = _when_words(clock, clock.minute(entry.logged_at))
        lines.append(EntryLine(
            entry=entry, edit_url=edit_url(entry.id),
            label=label % {"when": when_aloud, "facts": ", ".join(facts)}, when=when,
            mood=mood_badge % {"number": entry.mood, "word": mood_word},
            craving="" if entry.craving is None else craving_badge % {"number": entry.craving},
            outcome=outcome, tags=tags, just_saved=saved == str(entry.id)))
    return lines


def _when_words(clock: ListClock, minute: datetime) -> tuple[str, str]:
    """An entry's local minute read aloud in full ("Thursday, December 3, 15:04", joined as the
    language joins a day and a time) and shown short ("Thu 3 Dec · 15:04"): through format_local_*
    each row looked up the zone and language five times."""
    at = clock.clock(minute)
    aloud = clock.locale.datetime_formats["medium"].format(at, clock.day(minute, "MMMMEEEEd"))
    return aloud, f"{clock.day(minute, 'EEE d MMM')} · {at}"
