"""A pseudo-language for tests: every marked sentence comes out wrapped in ⟦…⟧, so any visible
text outside the markers on a rendered page is a sentence nobody marked for translation.

`write_pseudo_catalog` extracts the marked sentences afresh (as `make messages` does) and writes
a compiled catalog for PSEUDO whose every translation is its own English in markers;
`untranslated_text` lists what a page shows outside them.
"""
import re
from html.parser import HTMLParser
from pathlib import Path

from babel import Locale
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
# Babel only loads locales CLDR knows, so a real code stands in: Esperanto, which no page offers.
PSEUDO = "eo"
OPEN, CLOSE = "⟦", "⟧"
_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# Names, not sentences: the same in every language.
NAMES = ("RecoveryNet",)


def extract_messages(pot_path: Path) -> Path:
    """Every marked sentence in the code and templates, as `make messages` extracts them."""
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "lazy_gettext",
                                "-k", "lazy_ngettext:1,2", "--no-location", "-o", str(pot_path), str(ROOT)])
    return pot_path


def write_pseudo_catalog(translations_dir: Path) -> Path:
    """A compiled PSEUDO catalog in translations_dir whose every sentence is wrapped in markers
    (placeholders such as %(name)s stay inside, untouched, so they are still filled in)."""
    pot = extract_messages(translations_dir / "messages.pot")
    with open(pot, "rb") as f:
        catalog = read_po(f, locale=PSEUDO)
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            message.string = tuple(f"{OPEN}{form}{CLOSE}" for form in message.id)
        else:
            message.string = f"{OPEN}{message.id}{CLOSE}"
    target = translations_dir / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "messages.mo", "wb") as f:
        write_mo(f, catalog)
    return translations_dir


def _babels_own_words(locale: str) -> set[str]:
    """Month and weekday names and the like: Babel's words for a date, not sentences of ours."""
    data = Locale.parse(locale)
    words = set()
    for names in (data.months, data.days, data.quarters):
        for context in names.values():
            for width in context.values():
                words.update(str(name) for name in width.values())
    # Country names (the offline page lists every country's emergency number), word by word.
    for name in data.territories.values():
        words.update(str(name).split())
    for period in data.day_periods.values():
        for width in period.values():
            words.update(str(name) for name in width.values())
    return {word.strip(".").lower() for word in words if word}


class _VisibleText(HTMLParser):
    """The text a person sees or hears on a page, in order: text nodes, and the attributes a
    browser shows or reads aloud. Scripts and styles are not text; nor is an element marked with
    its own `lang` (a language's name in that language, on the language switch)."""

    SKIPPED = {"script", "style", "template"}
    SPOKEN = ("alt", "title", "placeholder", "aria-label")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            if not self.skipping:
                self._attributes(tag, attrs)
            return
        if self.skipping or tag in self.SKIPPED or (tag != "html" and "lang" in attrs):
            self.skipping.append(tag)
            return
        self._attributes(tag, attrs)

    def _attributes(self, tag, attrs):
        self.chunks.extend(attrs[name] for name in self.SPOKEN if attrs.get(name))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.chunks.append(attrs["value"])

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def untranslated_text(html: str, typed: tuple[str, ...] = (), locale: str = PSEUDO) -> list[str]:
    """Each piece of visible text outside the markers, less what a person typed (`typed`: the
    test's own distinctive data), names, numbers, punctuation and Babel's month and day names."""
    parser = _VisibleText()
    parser.feed(html)
    text = "\n".join(parser.chunks)
    # Innermost first: a sentence may hold another in a placeholder, ⟦Sent by ⟦someone⟧⟧.
    while True:
        shorter = _INNERMOST.sub(" ", text)
        if shorter == text:
            break
        text = shorter
    for data in sorted((*typed, *NAMES), key=len, reverse=True):
        text = text.replace(data, " ")
    own_words = _babels_own_words(locale)
    left = []
    for line in text.splitlines():
        words = [word for word in re.findall(r"[^\W\d_]+", line) if word.lower() not in own_words]
        if words:
            left.append(" ".join(line.split()))
    return left
