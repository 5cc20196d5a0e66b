"""Reading form fields into clean values, with errors a tired person understands."""
import re
import unicodedata
from datetime import date

import pycountry
from flask import request
from flask_babel import get_locale, gettext, lazy_gettext
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from recoverynet.password_strength import weak_password_reason
from recoverynet.timeutil import is_valid_zone

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSWORD_MIN, PASSWORD_MAX = 8, 1000
PHONE_CHARS = set("0123456789+-() ")
COUNTRIES = sorted(((c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries),
                   key=lambda pair: pair[1])
COUNTRY_CODES = {code for code, _ in COUNTRIES}
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CHOOSE_ONE = lazy_gettext("Please choose one of the options.")
# The largest id a table can hold: ids are INTEGER, 32 bits on PostgreSQL. A bigger one is no record.
RECORD_ID_MAX = 2**31 - 1


class RecordIdConverter(IntegerConverter):
    """`<int:...>` in an address: a number too big for the database is a 404, not a crash."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", RECORD_ID_MAX)
        super().__init__(url_map, *args, **kwargs)


class UnstorableText(BadRequest):
    """Text with a NUL character: PostgreSQL can't store it, and no keyboard types it."""

    speaks_plainly = True  # errors.py shows this description as it is
    description = lazy_gettext("Something you sent had a hidden character we can't store (a NUL character), "
                               "so nothing was saved. Please type the text again, or paste it without that part.")


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def refuse_nul_characters() -> None:
    """Before any view: a form or JSON body with a NUL anywhere is refused with a clear 400,
    rather than failing in the database (PostgreSQL refuses NUL in text) with a 500."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    body = request.get_json(silent=True) if request.is_json else None
    if (any(_holds_nul(value) for value in request.form.listvalues()) or _holds_nul(body)
            or _holds_nul(list((request.view_args or {}).values()))):
        raise UnstorableText()


class Form:
    """Collects clean values and per-field errors; `raw` keeps what was typed for re-display."""

    def __init__(self, data):
        self.raw = data
        self.errors: dict[str, str] = {}

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, message: str) -> None:
        # str(): a lazily translated message (CHOOSE_ONE) becomes text in this request's language,
        # so errors can go into JSON and the session as they are.
        self.errors.setdefault(name, str(message))

    def _typed(self, name: str, required: str) -> str:
        """What was typed, stripped; nothing typed is an error only where `required` words one."""
        value = (self.raw.get(name) or "").strip()
        if required and not value:
            self.error(name, required)
        return value

    def text(self, name: str, *, required: str = "", max_length: int = 2000) -> str:
        value = self._typed(name, required)
        if len(value) > max_length:
            self.error(name, gettext("Please keep this under %(num)s characters.", num=max_length))
        return value

    def email(self, name: str = "email") -> str:
        value = self.text(name, required=gettext("Please enter your email address."), max_length=254).lower()
        if len(value) > 254:  # lowercasing can lengthen text ("İ" becomes two characters)
            self.error(name, gettext("Please keep this under %(num)s characters.", num=254))
        elif value and not EMAIL_PATTERN.match(value):
            self.error(name, gettext("That doesn't look like an email address. Check for a typo?"))
        return value

    def new_password(self, name: str = "password", *, user_inputs: tuple[str, ...] = ()) -> str:
        """A password long enough and hard to guess; `user_inputs` (email, name) count as easy."""
        value = self.raw.get(name) or ""
        if len(value) < PASSWORD_MIN:
            self.error(name, gettext("Please use at least %(num)s characters. A few words together work well.",
                                     num=PASSWORD_MIN))
        elif len(value) > PASSWORD_MAX:
            self.error(name, gettext("Please use at most %(num)s characters.", num=PASSWORD_MAX))
        elif reason := weak_password_reason(value, list(user_inputs)):
            self.error(name, reason)
        return value

    def number(self, name: str, low: int, high: int, *, required: str = "") -> int | None:
        value = self._typed(name, required)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            self.error(name, gettext("Please choose a number from %(low)s to %(high)s.", low=low, high=high))
            return None
        return number

    def day(self, name: str, *, required: str = "", not_after: date | None = None) -> date | None:
        value = self._typed(name, required)
        if not value:
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.error(name, gettext("Please enter a date like 2024-03-31."))
            return None
        if not_after and day > not_after:
            self.error(name, gettext("That date is in the future. Please choose today or earlier."))
            return None
        return day

    def time(self, name: str, *, required: str = "") -> str:
        """A time of day like 08:30 (what a time input sends, seconds cut off), or "" for none."""
        value = self._typed(name, required)[:5]
        if value and not TIME_PATTERN.match(value):
            self.error(name, gettext("Please enter a time like 08:30."))
            return ""
        return value

    def choice(self, name: str, options, *, default=None, optional: bool = False,
               message: str = CHOOSE_ONE):
        """One of `options` (a dict's keys or any collection). Nothing chosen gives `default`,
        which is an answer when `optional` and otherwise must itself be one of the options."""
        value = self.raw.get(name) or default
        if value not in options and not (optional and value == default):
            self.error(name, message)
        return value

    def flag(self, name: str) -> bool:
        """A ticked checkbox."""
        return self.raw.get(name) == "on"

    def phone(self, name: str, *, required: str = "") -> str:
        value = self.text(name, required=required, max_length=32)
        if value and (not set(value) <= PHONE_CHARS or sum(c.isdigit() for c in value) < 3):
            self.error(name, gettext("Please enter a phone number using digits, spaces and + only."))
        return value

    def timezone(self, name: str = "timezone") -> str:
        value = self.text(name, required=gettext("Please choose your time zone."), max_length=64)
        if value and not is_valid_zone(value):
            self.error(name, gettext("Please choose a time zone from the list, such as Europe/London."))
        return value

    def country(self, name: str = "country") -> str:
        value = self.text(name, required=gettext("Please choose your country."), max_length=2).upper()
        if value and value not in COUNTRY_CODES:
            self.error(name, gettext("Please choose your country from the list."))
        return value


def country_names(countries=COUNTRIES) -> list[tuple[str, str]]:
    """(code, name) pairs in the page's language and in its alphabetical order, from CLDR through
    Babel ("España", "México"); English keeps pycountry's names, as the list always had."""
    locale = get_locale()
    if locale is None or locale.language == "en":
        return list(countries)
    names = locale.territories
    return sorted(((code, names.get(code, name)) for code, name in countries),
                  key=lambda pair: _without_accents(pair[1]).casefold())


def _without_accents(text: str) -> str:
    """"Åland" sorts with the A's, as a reader looks for it."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
