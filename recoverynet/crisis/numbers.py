"""Emergency and crisis numbers: reviewed data, one row per country, read from numbers.csv, and
per-language notes (notes.csv: a line that answers in Spanish, and how to reach it), each row with
its own source and review date."""
import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from flask_babel import lazy_gettext

DATA_FILE = Path(__file__).with_name("numbers.csv")
NOTES_FILE = Path(__file__).with_name("notes.csv")
FALLBACK = "*"
# Lazy: the data is read once, and the name is said in each reader's language when shown.
EMERGENCY_SERVICES = lazy_gettext("Emergency services")


@dataclass(frozen=True)
class Line:
    name: str  # the service's own name (data), or EMERGENCY_SERVICES
    number: str

    @property
    def tel(self) -> str:
        """A `tel:` URI: digits only (and a leading +), as every dialler accepts."""
        return "tel:" + re.sub(r"[^\d+]", "", self.number)


@dataclass(frozen=True)
class Note:
    """A line for the speakers of one language, written in that language: its name and number,
    and how to reach it in that language ("press 2 for Spanish")."""
    language: str
    line: Line
    how: str
    source: str
    reviewed_on: date


@dataclass(frozen=True)
class CountryNumbers:
    country: str
    country_name: str
    emergency: tuple[Line, ...]
    crisis_lines: tuple[Line, ...]
    helplines: tuple[Line, ...]
    source: str
    reviewed_on: date
    notes: tuple[Note, ...] = ()

    @property
    def is_fallback(self) -> bool:
        return self.country == FALLBACK

    def name_in(self, language: str) -> str:
        """The country's name in the reader's language (CLDR's, through Babel), else the data's."""
        return Locale.parse(language).territories.get(self.country, self.country_name)

    def notes_in(self, language: str) -> tuple[Note, ...]:
        """The notes for a reader of `language`: shown before the country's other lines."""
        return tuple(note for note in self.notes if note.language == language)

    def notes_not_in(self, language: str) -> tuple[Note, ...]:
        """The other languages' notes: still shown, after the country's own lines."""
        return tuple(note for note in self.notes if note.language != language)


def _lines(cell: str, default_name: str = "") -> tuple[Line, ...]:
    lines = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        name, _, number = part.rpartition("=")
        lines.append(Line(name or default_name, number.strip()))
    return tuple(lines)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def all_notes() -> dict[str, tuple[Note, ...]]:
    """Country -> its notes, in the file's order."""
    notes: dict[str, list[Note]] = {}
    for row in _rows(NOTES_FILE):
        notes.setdefault(row["country"], []).append(Note(
            language=row["language"], line=Line(row["name"], row["number"]), how=row["how"],
            source=row["source"], reviewed_on=date.fromisoformat(row["reviewed_on"])))
    return {country: tuple(rows) for country, rows in notes.items()}


@cache
def all_countries() -> dict[str, CountryNumbers]:
    notes = all_notes()
    return {row["country"]: CountryNumbers(
        country=row["country"], country_name=row["country_name"],
        emergency=_lines(row["emergency"], EMERGENCY_SERVICES),
        crisis_lines=_lines(row["crisis_lines"]), helplines=_lines(row["drug_alcohol_helplines"]),
        source=row["source"], reviewed_on=date.fromisoformat(row["reviewed_on"]),
        notes=notes.get(row["country"], ()),
    ) for row in _rows(DATA_FILE)}


def numbers_for(country: str | None) -> CountryNumbers:
    countries = all_countries()
    return countries.get((country or "").upper(), countries[FALLBACK])
