"""The catalogs: every language is complete, and holds every sentence marked in the code."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.pseudo_locale import extract_messages

TRANSLATIONS = Path(__file__).resolve().parent.parent / "recoverynet" / "translations"
LANGUAGES = ("es",)


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


def untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not all(strings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_is_translated_and_none_is_fuzzy(language):
    messages = [message for message in catalog(language) if message.id]
    assert [message.id for message in messages if untranslated(message)] == []
    assert [message.id for message in messages if message.fuzzy] == []
    print(f"{language}: {len(messages)} sentences, all translated, none fuzzy")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_holds_every_sentence_marked_in_the_code(language, tmp_path):
    """A sentence marked but not in the catalog would show in English: run `make messages`."""
    with open(extract_messages(tmp_path / "messages.pot"), "rb") as f:
        marked = {message.id for message in read_po(f) if message.id}
    assert marked - {message.id for message in catalog(language) if message.id} == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_sentence(language):
    """A lost %(name)s leaves out a number or a name; a changed one breaks the page."""
    problems = [message.id for message in catalog(language) if message.id and not untranslated(message)
                and message.check()]
    assert problems == []
