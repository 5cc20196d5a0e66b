"""Template filters and helpers shared by every page."""
from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

from flask import Flask, g
from flask_login import current_user

from recoverynet.crisis.numbers import all_countries
from recoverynet.timeutil import as_utc, zone

# Canonical Area/City zones only; the legacy aliases (US/Eastern, Etc/GMT+5) just confuse a list.
_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/",
          "Indian/", "Pacific/")


@cache
def all_timezones() -> list[str]:
    return sorted(name for name in available_timezones() if name.startswith(_AREAS)) + ["UTC"]


def local_time(moment: datetime, pattern: str) -> str:
    """A stored UTC time as the signed-in person sees it, in their own zone."""
    # Looked up once a request: a page of entries calls this twice a row, and each look through
    # current_user costs more than the conversion.
    if "viewer_zone" not in g:
        g.viewer_zone = zone(current_user.timezone if current_user.is_authenticated else None)
    return as_utc(moment).astimezone(g.viewer_zone).strftime(pattern)


def all_emergency_numbers():
    return all_countries().values()


def init_app(app: Flask) -> None:
    from recoverynet.notifications.views import unread_count
    app.jinja_env.filters["local"] = local_time
    app.jinja_env.filters["enumerate_pairs"] = lambda items: list(enumerate(items))
    app.jinja_env.globals.update(all_timezones=all_timezones, all_emergency_numbers=all_emergency_numbers,
                                 unread_count=unread_count)
