"""Template filters and helpers shared by every page."""
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel.core import Locale, get_global
from babel.dates import format_date as format_babel_date, format_skeleton, format_time as format_babel_time
from babel.numbers import format_decimal
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_date, format_time, get_locale, lazy_gettext
from flask_login import current_user

from recoverynet.crisis.numbers import all_countries
from recoverynet.forms import country_names
from recoverynet.timeutil import as_utc, zone

# Canonical Area/City zones only; the legacy aliases (US/Eastern, Etc/GMT+5) just confuse a list.
_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/",
          "Indian/", "Pacific/")


@cache
def all_timezones() -> list[str]:
    return sorted(name for name in available_timezones() if name.startswith(_AREAS)) + ["UTC"]


# The select groups the rest of the world by these areas, named in the reader's language.
_AREA_NAMES = {"Africa": lazy_gettext("Africa"), "America": lazy_gettext("America"),
               "Antarctica": lazy_gettext("Antarctica"), "Asia": lazy_gettext("Asia"),
               "Atlantic": lazy_gettext("Atlantic Ocean"), "Australia": lazy_gettext("Australia"),
               "Europe": lazy_gettext("Europe"), "Indian": lazy_gettext("Indian Ocean"),
               "Pacific": lazy_gettext("Pacific Ocean")}
# Where a country has several zones, the one most of its people live in (CLDR lists a country's
# zones in no useful order: the United States starts with Adak, in the Aleutians).
_MAIN_ZONES = {"AR": "America/Argentina/Buenos_Aires", "AU": "Australia/Sydney", "BR": "America/Sao_Paulo",
               "CA": "America/Toronto", "CD": "Africa/Kinshasa", "CL": "America/Santiago",
               "CN": "Asia/Shanghai", "DE": "Europe/Berlin", "EC": "America/Guayaquil", "ES": "Europe/Madrid",
               "ID": "Asia/Jakarta", "KZ": "Asia/Almaty", "MX": "America/Mexico_City", "MY": "Asia/Kuala_Lumpur",
               "NZ": "Pacific/Auckland", "PT": "Europe/Lisbon", "RU": "Europe/Moscow", "UA": "Europe/Kyiv",
               "US": "America/New_York"}


@dataclass
class TimezoneChoices:
    """What the time-zone select shows: the zones of the browser's region first, the rest by area."""
    region_name: str = ""
    region_zones: list[str] = field(default_factory=list)
    areas: list[tuple[str, list[str]]] = field(default_factory=list)
    chosen: str = ""
    guessed: bool = False  # chosen from the browser's language and region, not by the person


def _browser_region() -> str:
    """The region of the first language the browser asks for that names one: es-MX is MX."""
    for tag, _ in request.accept_languages:
        # The region is the two-letter part after the language (and its script: zh-Hant-TW).
        region = next((part.upper() for part in tag.split("-")[1:] if len(part) == 2 and part.isalpha()), "")
        if region in _region_zones():
            return region
    return ""


@cache
def _region_zones() -> dict[str, list[str]]:
    """Each region's zones as the list names them (CLDR's old names, Asia/Calcutta, made canonical)."""
    known, aliases = set(all_timezones()), get_global("zone_aliases")
    regions = {}
    for region, zones in get_global("territory_zones").items():
        names = sorted({aliases.get(name, name) for name in zones} & known)
        if names:
            regions[region] = names
    return regions


def timezone_choices(chosen: str) -> TimezoneChoices:
    """The select's groups; with nothing chosen yet, a guess from the browser's region (Accept-
    Language), which the page's script replaces with the phone's own zone when it runs."""
    region = _browser_region() if has_request_context() else ""
    region_zones = _region_zones().get(region, [])
    choices = TimezoneChoices(chosen=chosen, region_zones=region_zones)
    if region:
        choices.region_name = get_locale().territories.get(region, region)
    if not chosen and region_zones:
        choices.chosen = _MAIN_ZONES.get(region, region_zones[0])
        choices.guessed = True
    grouped: dict[str, list[str]] = {}
    for name in all_timezones():
        if name not in region_zones:
            grouped.setdefault(name.split("/")[0], []).append(name)
    choices.areas = [(str(_AREA_NAMES.get(area, area)), names) for area, names in grouped.items()]
    return choices


def viewer_zone() -> ZoneInfo:
    """The signed-in person's zone, looked up once a request: a page of entries needs it for every
    row, and each look through current_user costs more than the conversion."""
    if "viewer_zone" not in g:
        g.viewer_zone = zone(current_user.timezone if current_user.is_authenticated else None)
    return g.viewer_zone


def _in_viewer_zone(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(viewer_zone())


class ListClock:
    """The reader's zone and language taken once for a list of many rows: the format_local_*
    filters look both up on every call (~5 µs each), and a long history's full page makes dozens."""

    __slots__ = ("zone", "locale")

    def __init__(self) -> None:
        self.zone, self.locale = viewer_zone(), get_locale()

    def minute(self, moment: datetime) -> datetime:
        """The stored moment's local minute, zone dropped (what a list shows of it; a cache key)."""
        return as_utc(moment).astimezone(self.zone).replace(tzinfo=None, second=0, microsecond=0)

    def day(self, minute: datetime, form: str) -> str:
        return day_words(minute.date(), form, self.locale)

    def clock(self, minute: datetime, form: str = "HH:mm") -> str:
        return clock_words(minute.time(), form, self.locale)


def local_time(moment: datetime, pattern: str) -> str:
    """A stored UTC time as the signed-in person sees it, in their own zone (English only: the
    `local` filter; new pages use the Babel filters below)."""
    return _in_viewer_zone(moment).strftime(pattern)


# The Babel filters: the person's zone, and the words and order of the page's language and region.
# `form` is a width ("short", "medium", "long", "full") or a CLDR skeleton, whose order follows
# the language: "MMMd" is "Dec 3" / "3 dic", "yMMMd" adds the year, "MMMEd" the weekday,
# "MMMMd" is "December 3" / "3 de diciembre". A form with a space is a CLDR pattern, kept as written
# with the language's names in it: "EEE d MMM" is "Thu 3 Dec" / "jue 3 dic".
_WIDTHS = ("short", "medium", "long", "full")


def _day_text(day: date | datetime, form: str) -> str:
    # Every form here names a day, never an hour, so a moment's day is all that is formatted.
    return day_words(day.date() if isinstance(day, datetime) else day, form, get_locale())


@lru_cache(maxsize=8192)
def day_words(day: date, form: str, locale: Locale) -> str:
    """A day in a language's words, made once: Babel takes ~20 µs a time, and a page lists many
    days (a long history's pages would cost more than a new client's for that alone)."""
    if form in _WIDTHS or " " in form:
        return format_babel_date(day, form, locale=locale)
    return format_skeleton(form, day, locale=locale)


def _clock_text(moment: datetime, form: str) -> str:
    if form in ("long", "full") or any(letter in form for letter in "zZvVOxX"):  # the zone's name is shown
        return format_time(moment, form, rebase=False)
    clock = moment.time().replace(tzinfo=None)
    if form == "short" or (form != "medium" and not any(letter in form for letter in "sSA")):
        clock = clock.replace(second=0, microsecond=0)  # one text per minute shown, not per moment
    return clock_words(clock, form, get_locale())


@lru_cache(maxsize=8192)
def clock_words(clock: time, form: str, locale: Locale) -> str:
    """A time of day in a language's words, made once (as day_words)."""
    return format_babel_time(clock, form, locale=locale)


def format_local_date(moment: date | datetime, form: str = "yMMMd") -> str:
    """The day of a stored UTC time (or a plain date, such as a sober date) in the person's words."""
    return _day_text(_in_viewer_zone(moment) if isinstance(moment, datetime) else moment, form)


def format_local_time(moment: datetime, form: str = "short") -> str:
    """The time of day: "15:04" in Spain, "3:04 PM" in the US."""
    return _clock_text(_in_viewer_zone(moment), form)


def format_local_datetime(moment: datetime, date_form: str = "MMMEd", time_form: str = "short") -> str:
    """Day and time joined as the language joins them: "Thu, Dec 3, 3:04 PM", "jue, 3 dic, 15:04"."""
    local = _in_viewer_zone(moment)
    joined = get_locale().datetime_formats["medium"]
    return joined.format(_clock_text(local, time_form), _day_text(local, date_form))


def format_weekday(moment: date | datetime, width: str = "wide") -> str:
    """The weekday's name: "Thursday" / "jueves" (width "abbreviated": "Thu" / "jue")."""
    day = _in_viewer_zone(moment) if isinstance(moment, datetime) else moment
    return format_date(day, "EEEE" if width == "wide" else "EEE", rebase=False)


def format_number(value: float | int) -> str:
    """A number in the reader's words: "3.5" / "3,5"."""
    return _number_words(value, get_locale())


@lru_cache(maxsize=4096)
def _number_words(value: float | int, locale: Locale) -> str:
    """Made once per value (as day_words): a year's insights table shows a hundred one-decimal means."""
    return format_decimal(value, locale=locale)


def all_emergency_numbers():
    return all_countries().values()


# The values a remembered link may hold: exactly these types (True and 1 are equal keys, but
# build different links; anything else, such as a lazy text, is built each time).
_PLAIN_VALUES = frozenset({str, int, type(None)})


def remembered_url_for(app: Flask):
    """The templates' url_for, remembering each link it built: a page links to the same two dozen
    places on every request, and building one costs about as much as a short query's Python.
    Only a link that depends on nothing but its values and the app's path is remembered: not an
    external one (it names the host), not a blueprint-relative one, and none while a url_defaults
    hook could add values of its own."""
    build = app.url_for

    @lru_cache(maxsize=4096)
    def built(script_root: str, endpoint: str, anchor: str | None, values: tuple) -> str:
        return build(endpoint, _anchor=anchor, **dict(values))

    def url_for(endpoint: str, *, _anchor=None, _method=None, _scheme=None, _external=None, **values) -> str:
        if (_method is None and _scheme is None and not _external and type(_anchor) in _PLAIN_VALUES
                and not endpoint.startswith(".") and has_request_context()
                and all(type(value) in _PLAIN_VALUES for value in values.values())
                and not any(app.url_default_functions.values())):
            return built(request.script_root, endpoint, _anchor, tuple(sorted(values.items())))
        return build(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external, **values)

    url_for.cache_info = built.cache_info
    return url_for


def remembered_link(endpoint: str, **values) -> str:
    """url_for for Python code that builds the same links on every request, as the templates'
    (the starter plan's fourteen steps each link somewhere)."""
    return current_app.extensions["remembered_url_for"](endpoint, **values)


def init_app(app: Flask) -> None:
    app.extensions["remembered_url_for"] = app.jinja_env.globals["url_for"] = remembered_url_for(app)
    app.jinja_env.filters["local"] = local_time
    app.jinja_env.filters.update(local_date=format_local_date, local_time=format_local_time,
                                 local_datetime=format_local_datetime, weekday=format_weekday,
                                 number=format_number)
    app.jinja_env.filters["enumerate_pairs"] = lambda items: list(enumerate(items))
    app.jinja_env.globals.update(all_timezones=all_timezones, timezone_choices=timezone_choices,
                                 all_emergency_numbers=all_emergency_numbers,
                                 country_names=country_names)
