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
    # Country names (the offline page lists every country's emergency number; the country
    # choice in sign-up and Settings names them all), word by word ("Nord-Koreujo" too).
    for name in data.territories.values():
        words.update(re.findall(r"[^\W\d_]+", str(name)))
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


class PageForms(HTMLParser):
    """The POST forms of a page as a browser sees them: where each posts and its fields (hidden
    ones, what is ticked or chosen, what a person would type), for the walks that send forms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                          "fields": []} if (attrs.get("method") or "").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            self._form["fields"].append({"type": (attrs.get("type") or "text").lower(), "name": attrs["name"],
                                         "value": attrs.get("value") or "", "checked": "checked" in attrs,
                                         "min": attrs.get("min")})
        elif tag == "textarea" and attrs.get("name"):
            self._form["fields"].append({"type": "textarea", "name": attrs["name"], "value": ""})
        elif tag == "select" and attrs.get("name"):
            self._select = {"type": "select", "name": attrs["name"], "value": None}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if ("selected" in attrs or self._select["value"] in (None, "")) and value:
                self._select["value"] = value
        elif tag == "button" and attrs.get("name") and (attrs.get("type") or "submit") == "submit":
            self._form["fields"].append({"type": "submit", "name": attrs["name"], "value": attrs.get("value") or ""})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str) -> list[dict]:
    parser = PageForms()
    parser.feed(html)
    return parser.forms


def empty_form(form: dict) -> dict:
    """The form sent with nothing filled in or chosen: only what the page itself put in it."""
    return {field["name"]: field["value"] for field in form["fields"] if field["type"] == "hidden"}


def typed_fields(form: dict) -> bool:
    """Whether the form has anything a person fills in or chooses (else it cannot be refused)."""
    return any(field["type"] not in ("hidden", "submit") for field in form["fields"])


def filled_form(form: dict, word: str, email: str, password: str, today: str) -> dict:
    """The form sent the way a person in a hurry would: what the page chose kept, the first
    choice where none is, and `word` in every text field; the first named button pressed."""
    data, pressed = {}, False
    for field in form["fields"]:
        kind, name = field["type"], field["name"]
        if kind == "submit":
            if not pressed:
                data[name], pressed = field["value"], True
        elif kind in ("checkbox", "radio"):
            if field["checked"] or (kind == "radio" and name not in data):
                data[name] = field["value"] or "on"
        elif kind == "select":
            data.setdefault(name, field["value"] or "")
        elif field["value"] or kind == "hidden":
            data.setdefault(name, field["value"])
        else:
            data[name] = {"email": email, "password": password, "date": today, "time": "09:00",
                          "number": field.get("min") or "1", "tel": "01632 960123",
                          "url": "https://example.org/"}.get(kind, word)
    return data
