"""Templates compiled once per language, their fixed sentences already translated.

A page says `{{ _("Home") }}` dozens of times; through Jinja's i18n extension each one is a call
that finds the request's catalog, looks the sentence up, marks it safe and formats it: about
a tenth of the home page's time, every request, for words that never change under the app.
Compiled with the catalog in hand, `_("Home")` is "Inicio" in the template's own text, and
`_("Hello, %(name)s", name=x)` keeps only the formatting, which escapes `x` exactly as the call
did. A sentence with a count (ngettext) or whose context differs each time stays a call.

A template is kept per (name, catalog files): the catalog is the request's, or force_locale's for
an email in its reader's language; es-MX and es-ES read the same file, so they share one copy
(Babel keeps a catalog per region, which would compile every page again for each). A template
made from a string (from_string) is never folded: it may be rendered in any language.
"""
from contextvars import ContextVar
import weakref

from flask import has_app_context
from flask.templating import Environment
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

from recoverynet.i18n import _catalog

# The names a template calls a sentence by (Jinja's i18n extension gives `_` and `gettext`;
# a {% trans %} block compiles to a gettext call).
SENTENCE_CALLS = frozenset({"_", "gettext"})

_compiling_with: ContextVar = ContextVar("compiling_with", default=None)


class TranslatedEnvironment(Environment):
    """Flask's template environment, keeping each template compiled for each catalog it is
    rendered with (there are two: English's and Spanish's, and a test's pseudo-language)."""

    def __init__(self, app, **options):
        # Room for every template in three languages (Jinja's default keeps 400).
        options.setdefault("cache_size", 1000)
        super().__init__(app, **options)

    def _load_template(self, name, globals):
        catalog = _request_catalog()
        if catalog is None:
            return super()._load_template(name, globals)
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        cache_key = (weakref.ref(self.loader), name, catalog_files(catalog))
        template = self.cache.get(cache_key) if self.cache is not None else None
        if template is not None and (not self.auto_reload or template.is_up_to_date):
            if globals:
                template.globals.update(globals)
            return template
        token = _compiling_with.set(catalog)
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling_with.reset(token)
        if self.cache is not None:
            self.cache[cache_key] = template
        return template

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        catalog = _compiling_with.get()
        if catalog is None or _shadows_a_sentence_call(tree):
            return tree
        return _Translate(catalog).visit(tree)


def catalog_files(catalog) -> tuple:
    """What tells one catalog's words from another's: the files it was read from (English, which
    has none, is the empty tuple)."""
    return tuple(getattr(catalog, "files", ()))


def request_catalog_files() -> tuple:
    """catalog_files of the catalog this request's pages are worded with."""
    return catalog_files(_request_catalog())


def _request_catalog():
    return _catalog() if has_app_context() else None


def _shadows_a_sentence_call(tree) -> bool:
    """A template that names something `_` (say `{% set _ = ids.append(x) %}`) keeps every call:
    folding could translate what is no longer the translation function."""
    return any(target.name in SENTENCE_CALLS for target in tree.find_all(nodes.Name) if target.ctx != "load")


class _Translate(NodeTransformer):
    """`_("literal")` becomes the literal in the catalog's language, as the call would have given it."""

    def __init__(self, catalog):
        self.catalog = catalog

    def visit_Call(self, node):
        node = self.generic_visit(node)
        if not (isinstance(node.node, nodes.Name) and node.node.name in SENTENCE_CALLS
                and len(node.args) == 1 and isinstance(node.args[0], nodes.Const)
                and isinstance(node.args[0].value, str) and node.dyn_args is None and node.dyn_kwargs is None):
            return node
        text = self.catalog.ugettext(node.args[0].value)
        sentence = nodes.MarkSafeIfAutoescape(nodes.Const(text), lineno=node.lineno)
        if node.kwargs:
            # The call formatted Markup(text) % the values (escaping them) or, unescaped, text % them.
            values = nodes.Dict([nodes.Pair(nodes.Const(k.key), k.value, lineno=node.lineno) for k in node.kwargs],
                                lineno=node.lineno)
            return nodes.Mod(sentence, values, lineno=node.lineno)
        try:
            # The call always formatted, even with no values: "100%%" reads "100%".
            sentence.expr = nodes.Const(text % {}, lineno=node.lineno)
        except (KeyError, ValueError, TypeError):
            return node  # a sentence that fails to format still fails where it did, at render time
        return sentence
