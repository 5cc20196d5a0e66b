"""Devices: a browser known to an account (so sign-in never slows it down), and a short name
for a device from its User-Agent, for the list in Settings.

The rn_device cookie holds a random token and the database only its hash, rather than a
signed {user id, random} value: a row can be deleted (signing out everywhere, a new password,
too many wrong passwords on that device), which a signed cookie can't be without a table
anyway, and a leaked database holds no usable cookie.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request
from flask_babel import gettext
from sqlalchemy import delete, select

from recoverynet.auth.models import KnownDevice, User
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

DEVICE_COOKIE = "rn_device"
DEVICE_DAYS = 365


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def known_device(user: User | None) -> KnownDevice | None:
    """This browser, if it signed in to this account before."""
    token = request.cookies.get(DEVICE_COOKIE)
    if not token or user is None:
        return None
    return db.session.scalar(select(KnownDevice).where(KnownDevice.token_hash == _digest(token),
                                                       KnownDevice.user_id == user.id))


def remember_device(response, user: User, device: KnownDevice | None) -> None:
    """After a correct password, this browser is known to the account. A token the browser
    brought but the account doesn't know is never adopted (someone may have planted it):
    a new one is made instead."""
    if device is None:
        token = secrets.token_urlsafe(32)
        db.session.add(KnownDevice(token_hash=_digest(token), user_id=user.id))
    else:
        token = request.cookies[DEVICE_COOKIE]
        device.failures, device.last_used_at = 0, utcnow()
    db.session.execute(delete(KnownDevice).where(KnownDevice.last_used_at < utcnow() - timedelta(days=DEVICE_DAYS)))
    db.session.commit()
    response.set_cookie(DEVICE_COOKIE, token, max_age=int(timedelta(days=DEVICE_DAYS).total_seconds()),
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")


def count_wrong_password(device: KnownDevice) -> None:
    """A known device that keeps getting the password wrong (a lost phone) stops being known,
    and is slowed down like any other."""
    device.failures += 1
    if device.failures >= current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]:
        db.session.delete(device)
    db.session.commit()


def forget_other_devices(user: User) -> None:
    """After signing out everywhere or a new password, only this browser stays known."""
    token = request.cookies.get(DEVICE_COOKIE) or ""
    db.session.execute(delete(KnownDevice).where(KnownDevice.user_id == user.id,
                                                 KnownDevice.token_hash != _digest(token)))
    db.session.commit()


# (marker in the User-Agent, name), first match wins: Edge and Samsung say "Chrome" too,
# and Chrome says "Safari".
BROWSERS = (("Edg", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("OPR/", "Opera"),
            ("Firefox/", "Firefox"), ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome/", "Chrome"),
            ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
           ("CrOS", "ChromeOS"), ("Macintosh", "Mac"), ("Linux", "Linux"))


def describe_device(user_agent: str | None) -> str:
    """'Chrome on Android', 'Safari on iPhone', or as much of that as the User-Agent tells."""
    user_agent = user_agent or ""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else UNKNOWN_BROWSER)


UNKNOWN_BROWSER = "An unknown browser"


def device_name(stored: str) -> str:
    """A device's stored English description (describe_device) in the reader's language, worded
    when the list is shown, so it follows a change of language: browser and system names are
    names and stay; the words around them are translated ("Chrome en Android")."""
    if stored == UNKNOWN_BROWSER:
        return gettext("An unknown browser")
    if stored.startswith("A browser on "):
        return gettext("A browser on %(system)s", system=stored.removeprefix("A browser on "))
    browser, on, system = stored.partition(" on ")
    if on:
        return gettext("%(browser)s on %(system)s", browser=browser, system=system)
    return stored  # a browser's name alone
