"""Each person's language: English or Spanish, chosen in Settings, by the signed-out switch, or by
the browser; Babel formats dates and numbers in it (see templating.py), and the sentences the
JavaScript shows come from here.

Catalogs live in recoverynet/translations/ (`make messages` extracts and updates them; `make run`
and `make test` compile them). A new sentence is marked where it is written: `gettext`/`ngettext`
(or `lazy_gettext` at import time) in Python, `_()`, `ngettext()` or `{% trans %}` in Jinja.
"""
from functools import lru_cache

from flask import Blueprint, Flask, current_app, has_request_context, redirect, request, url_for
from flask.globals import _cv_app
from flask_babel import Babel, Domain, force_locale, get_locale, get_translations, gettext, ngettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from pytz import all_timezones_set
from werkzeug.exceptions import HTTPException

# (code, the language's own name): the choices in Settings and on the signed-out switch.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "lang"
# A year: the switch is a choice, not a session; it holds no personal data (SameSite=Lax).
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600

babel = Babel()
bp = Blueprint("i18n", __name__)


def in_language_of(person):
    """Texts made inside read in this person's language (their choice, else the default): for
    a notice, an email or a reminder to someone other than the one reading this page."""
    return force_locale(person.language or DEFAULT_LANGUAGE)


def languages() -> tuple[str, ...]:
    """The language codes offered (a test adds its pseudo-language through LANGUAGES)."""
    return tuple(current_app.config.get("LANGUAGES", LANGUAGE_NAMES))


def known_language(code: str | None) -> str | None:
    """`code` if it is one we speak, else None: an unknown or mangled value falls back quietly."""
    code = (code or "").strip().lower().replace("-", "_")
    return code if code in languages() else None


def chosen_language() -> str:
    """The signed-in person's choice, else the signed-out switch's cookie, else the browser's
    Accept-Language (best match), else English."""
    if current_user.is_authenticated and known_language(current_user.language):
        return known_language(current_user.language)
    return (known_language(request.cookies.get(LANGUAGE_COOKIE))
            or request.accept_languages.best_match(languages())
            or DEFAULT_LANGUAGE)


def select_locale() -> str:
    """The chosen language, with the browser's region when it names one for that language
    (es-MX, en-GB), so dates and clocks follow the region: "3:04 p.m." in Mexico, "15:04" in Spain."""
    from babel import localedata

    if not has_request_context():
        # A command or the reminder worker, outside force_locale: a lazy text (a milestone's
        # label, a built-in trigger) read there is in English rather than an error.
        return DEFAULT_LANGUAGE
    language = chosen_language()
    for tag, _quality in request.accept_languages:
        code = tag.replace("-", "_")
        if code.lower().startswith(language + "_") and localedata.exists(code):
            return code
    return language


def select_timezone() -> str | None:
    """Flask-Babel's own filters convert to the person's zone too (ours do it in templating.py)."""
    if current_user.is_authenticated and current_user.timezone in all_timezones_set:
        return current_user.timezone
    return None


def page_language() -> str:
    """The language the page is written in, for <html lang> ("es", "en")."""
    return get_locale().language


def js_strings(left_out: tuple[str, ...] = ()) -> dict[str, str]:
    """The sentences static/js/*.js show, in the page's language; base.html writes them into
    <script type="application/json" id="js-strings">, read by static/js/strings.js.
    A counted sentence comes in its "one" and "other" forms (English and Spanish need no more).
    A page that loads fewer scripts leaves out the keys starting with `left_out` (the crisis page
    has no reminders panel, and every byte counts on a bad connection)."""
    sentences = _js_sentences_in(str(get_locale()))
    return {key: text for key, text in sentences.items() if not key.startswith(left_out)} if left_out else dict(sentences)


@lru_cache(maxsize=32)
def _js_sentences_in(locale: str) -> dict[str, str]:
    """_js_sentences in `locale`, the page's (every page writes them: about 30 sentences to look up
    each time otherwise). The catalogs are compiled before the app starts and never change under it."""
    return _js_sentences()


def _js_sentences() -> dict[str, str]:
    def counted(key: str, sentence) -> dict[str, str]:
        return {key + ".one": sentence(1), key + ".other": sentence(2)}

    # %(count)s stays in the text (count="%(count)s"): strings.js puts the number in.
    count = "%(count)s"

    return {
        # The offline outbox (outbox.js, outbox-core.js).
        "need_mood": gettext("Please choose how you feel, from 1 to 5."),
        "alert_queued": gettext("No signal. Your alert will go out as soon as you're back online "
                                "\u2014 text or call now using the buttons above."),
        "alert_signed_out": gettext("You're signed out, so your alert can't go out yet. Sign in again to send it "
                                    "\u2014 text or call now using the buttons above."),
        "alert_not_kept": gettext("The alert can't go out with no signal. Text or call now using the buttons above."),
        "alert_sending": gettext("Sending your alert\u2026"),
        "entry_not_kept": gettext("This phone couldn't keep the entry. Please try again when you're back online."),
        "save_later": gettext("Couldn't save just now \u2014 your entry is still here; we'll try again."),
        "all_sent": gettext("All sent."),
        "all_sent_alert": gettext("All sent. Your alert has gone out to your network."),
        **counted("queued", lambda n: ngettext(
            "Saved on this phone \u2014 it will be sent when you're back online (%(count)s waiting).",
            "Saved on this phone \u2014 it will be sent when you're back online (%(count)s waiting).", n, count=count)),
        **counted("waiting", lambda n: ngettext(
            "%(count)s saved on this phone, waiting to be sent when you're back online.",
            "%(count)s saved on this phone, waiting to be sent when you're back online.", n, count=count)),
        **counted("sign_in_to_send", lambda n: ngettext(
            "Sign in again to send %(count)s waiting entry.", "Sign in again to send %(count)s waiting entries.", n,
            count=count)),
        "entry_refused": gettext("One entry saved on this phone couldn't be stored. Please log it again."),
        "entry_refused_because": gettext("One entry saved on this phone couldn't be stored: %(reason)s "
                                         "Please log it again."),
        # Reminders on this phone (push.js).
        "push_on": gettext("Reminders are on for this phone."),
        "push_off": gettext("Reminders are off on this phone."),
        "push_home_screen": gettext("First, add RecoveryNet to your Home Screen."),
        "push_unsupported": gettext("This browser can't show reminders. Try Chrome, Edge, Firefox or Safari."),
        "push_blocked": gettext("Notifications are blocked for this site. "
                                "You can allow them in your browser's site settings."),
        "push_turned_on": gettext("Reminders are on. A test notification is on its way."),
        "push_not_saved": gettext("We couldn't save this phone. Please try again."),
        "push_not_turned_on": gettext("We couldn't turn reminders on. Please try again."),
        "push_checking": gettext("Checking whether this phone gets reminders\u2026"),
        # What to do, below each state on the reminders page.
        "push_off_advice": gettext("Nothing will arrive here until you tap \u201cTurn on reminders\u201d "
                                   "and allow notifications when your phone asks."),
        "push_blocked_advice": gettext("Nothing will arrive here until you allow them. Then come back to "
                                       "this page and tap \u201cTurn on reminders\u201d."),
        "push_unsupported_iphone": gettext("This iPhone can't show reminders yet. Update it to iOS 16.4 "
                                           "or later, then add RecoveryNet to your Home Screen."),
    }


def language_return_path() -> str:
    """Where the switch goes back to: this page, or home when this address only answers a POST
    (a form shown again after an error)."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    try:
        current_app.url_map.bind("").match(request.path, method="GET")
    except HTTPException:
        return url_for("home.index")
    return request.path


@bp.post("/language")
def switch_language():
    """The signed-out switch: remember the language in a cookie and go back to the page."""
    from recoverynet.auth.views import _safe_next

    response = redirect(_safe_next(request.form.get("next")), code=303)
    language = known_language(request.form.get("lang"))
    if language:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=LANGUAGE_COOKIE_SECONDS, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", True), httponly=True)
    return response


def _catalog():
    """The request's catalog: the kept one, else flask_babel's (which our domain then keeps)."""
    kept = _kept_catalog()
    return kept if kept is not None else get_translations()


def _babel_context():
    """flask_babel's namespace in this app context (None outside one, or before its first lookup).
    Read as Flask reads the app context: through the `g` proxy each look cost half a microsecond,
    and Home asks ~50 times."""
    app_context = _cv_app.get(None)
    return getattr(app_context.g, "_flask_babel", None) if app_context is not None else None


def _kept_catalog():
    """The catalog flask_babel's get_translations() gave, kept for as long as the request's locale
    is the same object (force_locale swaps it): its lookup walks the app context four times and
    names the locale afresh, ~10 µs a sentence, and a page of a long history has hundreds."""
    context = _babel_context()
    kept = getattr(context, "kept_catalog", None)
    if kept is not None and kept[0] is getattr(context, "babel_locale", None):
        return kept[1]
    return None


class _KeptCatalogDomain(Domain):
    """flask_babel's domain, answering from the kept catalog: Python's gettext() and a lazy text
    shown on a page (a mood word, a step of the starter plan) read it as the templates do."""

    def get_translations(self):
        kept = _kept_catalog()
        if kept is not None:
            return kept
        catalog = super().get_translations()
        context = _babel_context()  # made by the lookup
        if context is not None and getattr(context, "babel_locale", None) is not None:
            context.kept_catalog = (context.babel_locale, catalog)
        return catalog


def sentence_lookup():
    """gettext without values, through the request's catalog found once: for code that words many
    fixed sentences at a time (the starter plan's fourteen steps), where flask_babel's gettext
    finds the catalog afresh for each, ~3.7 µs against ~0.2."""
    return _catalog().ugettext


def words_of(text):
    """A lazy_gettext text read through the kept catalog (a plain string or None as it is): a page
    that lists many entries reads their mood and trigger words a hundred times."""
    if isinstance(text, LazyString) and len(text._args) == 1 and not text._kwargs:
        return _catalog().ugettext(text._args[0])
    return text


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    if not isinstance(babel.__dict__.get("domain_instance"), _KeptCatalogDomain):  # as flask_babel: one per Babel()
        babel.domain_instance = _KeptCatalogDomain(domain=app.extensions["babel"].default_domain)
    # The templates' _() and ngettext() as flask_babel installs them, through the kept catalog.
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: _catalog().ugettext(text),
        ngettext=lambda singular, plural, count: _catalog().ungettext(singular, plural, count),
        pgettext=lambda context, text: _catalog().upgettext(context, text),
        npgettext=lambda context, singular, plural, count: _catalog().unpgettext(context, singular, plural, count),
        newstyle=True)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(page_language=page_language, js_strings=js_strings,
                                 language_names=LANGUAGE_NAMES, language_return_path=language_return_path)
