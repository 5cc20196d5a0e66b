"""The validated questionnaires, read once from instruments.json (items, answer scale, scoring and
its rule for skipped items, citation and source), and their scores. The texts in the file are
English msgids, shown through gettext; instruments_i18n.py marks them for `make messages`.

`score("barc10", {"1": 5, "2": 6, ...})` is the instrument's score as the file defines it, or
None when too many items were skipped; `subscales("mspss", answers)` each subscale's."""
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Item:
    key: str
    text: str  # an English msgid


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    title: str
    intro: str
    citation: str
    source: str
    terms: str
    low: int
    high: int
    labels: tuple[str, ...]  # one per answer value, low first
    items: tuple[Item, ...]
    method: str  # "sum" or "mean"
    score_range: tuple[int, int]
    max_skipped: int
    subscale_max_skipped: int
    decimals: int
    scoring_reason: str
    subscales: dict  # key -> {"label": msgid, "items": [item keys]}
    threshold: dict | None  # {"at_least": n, "finding", "at_or_above", "below": msgids}

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    @property
    def values(self) -> range:
        return range(self.low, self.high + 1)


def _load(path: Path) -> dict[str, Instrument]:
    data = json.loads(path.read_text(encoding="utf-8"))
    instruments = {}
    for key, spec in data.items():
        scale, scoring = spec["scale"], spec["scoring"]
        assert len(scale["labels"]) == scale["max"] - scale["min"] + 1, key
        instruments[key] = Instrument(
            key=key, name=spec["name"], title=spec["title"], intro=spec["intro"], citation=spec["citation"],
            source=spec["source"], terms=spec["terms"], low=scale["min"], high=scale["max"],
            labels=tuple(scale["labels"]), items=tuple(Item(i["key"], i["text"]) for i in spec["items"]),
            method=scoring["method"], score_range=tuple(scoring["range"]), max_skipped=scoring["max_skipped"],
            subscale_max_skipped=scoring.get("subscale_max_skipped", 0), decimals=scoring["decimals"],
            scoring_reason=scoring["reason"], subscales=spec["subscales"], threshold=spec["threshold"])
    return instruments


INSTRUMENTS: dict[str, Instrument] = _load(Path(__file__).with_name("instruments.json"))


def _answered(instrument: Instrument, answers: dict[str, int | None], keys) -> list[int]:
    """The answers given to `keys` (a missing or None answer is a skipped item); a value off the
    scale is a programming error, not a skip."""
    given = []
    for key in keys:
        value = answers.get(key)
        if value is None:
            continue
        if value not in instrument.values:
            raise ValueError(f"{instrument.key} item {key}: {value} is not on the {instrument.low}-{instrument.high} scale")
        given.append(value)
    return given


def _scored(instrument: Instrument, given: list[int], count: int, max_skipped: int) -> float | None:
    if count - len(given) > max_skipped or not given:
        return None
    if instrument.method == "sum":  # prorated: each skipped item counts as the mean of the others
        value = sum(given) * count / len(given)
    else:
        value = sum(given) / len(given)
    return round(value, instrument.decimals)


def score(instrument_key: str, answers: dict[str, int | None]) -> float | None:
    """The instrument's score (BARC-10: the total, 10-60; MSPSS: the mean, 1-7) from answers keyed
    by item, or None when more items were skipped than its scoring rule allows."""
    instrument = INSTRUMENTS[instrument_key]
    given = _answered(instrument, answers, instrument.item_keys)
    return _scored(instrument, given, len(instrument.items), instrument.max_skipped)


def subscales(instrument_key: str, answers: dict[str, int | None]) -> dict[str, float | None]:
    """Each subscale's score (MSPSS: family, friends, significant_other, each a mean 1-7), None for
    one with too many of its items skipped; {} for an instrument without subscales."""
    instrument = INSTRUMENTS[instrument_key]
    return {key: _scored(instrument, _answered(instrument, answers, spec["items"]), len(spec["items"]),
                         instrument.subscale_max_skipped)
            for key, spec in instrument.subscales.items()}


def meets_threshold(instrument_key: str, value: float | None) -> bool | None:
    """Whether a score reaches the instrument's published threshold (BARC-10: 47); None when the
    instrument has none or there is no score."""
    threshold = INSTRUMENTS[instrument_key].threshold
    if threshold is None or value is None:
        return None
    return value >= threshold["at_least"]
