"""Emergency and crisis numbers: reviewed data, one row per country, read from numbers.csv."""
import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("numbers.csv")
FALLBACK = "*"


@dataclass(frozen=True)
class Line:
    name: str
    number: str

    @property
    def tel(self) -> str:
        """A `tel:` URI: digits only (and a leading +), as every dialler accepts."""
        return "tel:" + re.sub(r"[^\d+]", "", self.number)


@dataclass(frozen=True)
class CountryNumbers:
    country: str
    country_name: str
    emergency: tuple[Line, ...]
    crisis_lines: tuple[Line, ...]
    helplines: tuple[Line, ...]
    source: str
    reviewed_on: date

    @property
    def is_fallback(self) -> bool:
        return self.country == FALLBACK


def _lines(cell: str, default_name: str = "") -> tuple[Line, ...]:
    lines = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        name, _, number = part.rpartition("=")
        lines.append(Line(name or default_name, number.strip()))
    return tuple(lines)


@cache
def all_countries() -> dict[str, CountryNumbers]:
    with DATA_FILE.open(newline="", encoding="utf-8") as handle:
        return {row["country"]: CountryNumbers(
            country=row["country"], country_name=row["country_name"],
            emergency=_lines(row["emergency"], "Emergency services"),
            crisis_lines=_lines(row["crisis_lines"]), helplines=_lines(row["drug_alcohol_helplines"]),
            source=row["source"], reviewed_on=date.fromisoformat(row["reviewed_on"]),
        ) for row in csv.DictReader(handle)}


def numbers_for(country: str | None) -> CountryNumbers:
    countries = all_countries()
    return countries.get((country or "").upper(), countries[FALLBACK])
