"""Bahasa Indonesia first: every interface text has a complete, well-formed Indonesian translation."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")


def test_every_message_is_translated_to_indonesian_with_the_same_placeholders():
    with (ROOT / "elearn/translations/id/LC_MESSAGES/messages.po").open("rb") as po:
        catalog = read_po(po)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if not string or message.fuzzy or set(PLACEHOLDER.findall(string)) != expected:
                problems.append(ids[0])
    assert problems == []


def test_the_catalogue_holds_every_message_the_code_uses():
    from babel.messages.extract import extract_from_dir

    with (ROOT / "elearn/translations/messages.pot").open("rb") as pot:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    used = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(
            ROOT / "elearn", method_map, keywords={"_": None, "_l": None, "gettext": None,
                                                   "lazy_gettext": None, "ngettext": (1, 2)}
        )
    }
    assert used - known == set(), "run pybabel extract and update (see README)"


def test_pages_speak_indonesian_by_default(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "id")
    html = client.get("/login").text
    assert "Masuk" in html and "Kata sandi" in html
