"""Template filters and helpers shared by every page."""
from datetime import date, datetime
from functools import cache
from zoneinfo import available_timezones

from babel.dates import format_skeleton
from flask import Flask, g
from flask_babel import format_date, format_decimal, format_time, get_locale
from flask_login import current_user

from recoverynet.crisis.numbers import all_countries
from recoverynet.timeutil import as_utc, zone

# Canonical Area/City zones only; the legacy aliases (US/Eastern, Etc/GMT+5) just confuse a list.
_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/",
          "Indian/", "Pacific/")


@cache
def all_timezones() -> list[str]:
    return sorted(name for name in available_timezones() if name.startswith(_AREAS)) + ["UTC"]


def _in_viewer_zone(moment: datetime) -> datetime:
    # Looked up once a request: a page of entries calls this twice a row, and each look through
    # current_user costs more than the conversion.
    if "viewer_zone" not in g:
        g.viewer_zone = zone(current_user.timezone if current_user.is_authenticated else None)
    return as_utc(moment).astimezone(g.viewer_zone)


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
    if form in _WIDTHS or " " in form:
        return format_date(day, form, rebase=False)
    return format_skeleton(form, day, locale=get_locale())


def format_local_date(moment: date | datetime, form: str = "yMMMd") -> str:
    """The day of a stored UTC time (or a plain date, such as a sober date) in the person's words."""
    return _day_text(_in_viewer_zone(moment) if isinstance(moment, datetime) else moment, form)


def format_local_time(moment: datetime, form: str = "short") -> str:
    """The time of day: "15:04" in Spain, "3:04 PM" in the US."""
    return format_time(_in_viewer_zone(moment), form, rebase=False)


def format_local_datetime(moment: datetime, date_form: str = "MMMEd", time_form: str = "short") -> str:
    """Day and time joined as the language joins them: "Thu, Dec 3, 3:04 PM", "jue, 3 dic, 15:04"."""
    local = _in_viewer_zone(moment)
    joined = get_locale().datetime_formats["medium"]
    return joined.format(format_time(local, time_form, rebase=False), _day_text(local, date_form))


def format_weekday(moment: date | datetime, width: str = "wide") -> str:
    """The weekday's name: "Thursday" / "jueves" (width "abbreviated": "Thu" / "jue")."""
    day = _in_viewer_zone(moment) if isinstance(moment, datetime) else moment
    return format_date(day, "EEEE" if width == "wide" else "EEE", rebase=False)


def all_emergency_numbers():
    return all_countries().values()


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local"] = local_time
    app.jinja_env.filters.update(local_date=format_local_date, local_time=format_local_time,
                                 local_datetime=format_local_datetime, weekday=format_weekday,
                                 number=format_decimal)
    app.jinja_env.filters["enumerate_pairs"] = lambda items: list(enumerate(items))
    app.jinja_env.globals.update(all_timezones=all_timezones, all_emergency_numbers=all_emergency_numbers)
