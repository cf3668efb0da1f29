"""Markdown that would stall python-markdown (16 KB of `[` took 40 s) or recurse too deep is a
path:line problem in check and sync, and the live version stays; what still renders slowly is cut off
by a time limit. Shown text never stalls: it falls back to plain text."""

import time

import pytest
from sqlalchemy import select

from elearn.content.models import Module
from elearn.contentsync.services import check_content, sync_content
from elearn.core import rendering
from elearn.core.rendering import MarkdownTooComplex, checked_markdown, render_markdown
from tests.plugins.factories import write_course

BRACKETS = "too many '[' without a matching ']' (write a literal bracket as \\[)"
NESTED = "the text is nested more than 20 levels deep (lists, quotes or indentation); flatten it"
HEADINGS = "the text has more than 400 headings and horizontal rules; split it into several modules"

PATHOLOGICAL = [
    pytest.param("[" * 16_000, 5, BRACKETS, id="16KB-of-brackets"),
    pytest.param("*[" * 8_000, 5, BRACKETS, id="star-bracket"),
    pytest.param("Pengantar.\n\n" + "a\n=\n" * 4_000, 7 + 801, HEADINGS, id="setext-headings"),
    pytest.param("".join("    " * depth + "- a\n" for depth in range(100)), 5 + 20, NESTED, id="nested-lists"),
    pytest.param("> " * 1000 + "a", 5, NESTED, id="nested-quotes"),
    pytest.param("<div>" * 5_000, 5, "the text has more than 2000 HTML tags; use Markdown", id="nested-html"),
    pytest.param("Teks biasa. " * 12_000, 5, "the text is longer than 128 KB; split it", id="over-128KB"),
]


@pytest.mark.parametrize(("body", "line", "message"), PATHOLOGICAL)
def test_a_module_too_complex_to_render_is_a_problem_at_its_line_found_quickly(content_root, body, line,
                                                                              message):
    write_course(content_root, "etika", {"01-pengantar": "Isi.", "02-jebakan": body})
    started = time.monotonic()
    problems = [str(p) for p in check_content(content_root)]
    assert problems == [f"content/etika/02-jebakan.md:{line}: {message}"]
    assert time.monotonic() - started < 20  # before the limits, these took 25 s to hours


def test_sync_reports_a_module_too_complex_to_render_and_keeps_the_live_version(db, content_root):
    write_course(content_root, "etika", {"01-pengantar": "Versi pertama."})
    write_course(content_root, "dasar", {"01-pengantar": "Dasar."})
    sync_content(db, content_root)
    db.commit()
    write_course(content_root, "etika", {"01-pengantar": "[" * 16_000})
    write_course(content_root, "dasar", {"01-pengantar": "Dasar yang **baru**."})
    report = sync_content(db, content_root)
    db.commit()
    assert [str(p) for p in report.problems] == [f"content/etika/01-pengantar.md:5: {BRACKETS}"]
    assert report.refused_folders == ["etika"] and report.updated == ["dasar"] and report.retired == []
    bodies = {m.body_html for m in db.scalars(select(Module))}
    assert "<p>Versi pertama.</p>" in bodies and "<p>Dasar yang <strong>baru</strong>.</p>" in bodies


def test_a_quiz_question_too_complex_to_render_is_a_problem_at_its_question(content_root):
    folder = write_course(content_root, "etika")
    (folder / "10-latihan.quiz").write_text(
        "---\ntitle: Latihan\nrole: practice\n---\n\n## q1 truefalse\nanswer: true\n\n" + "> " * 100 + "Benar?\n")
    assert [str(p) for p in check_content(content_root)] == [f"content/etika/10-latihan.quiz:6: {NESTED}"]


def test_a_render_running_past_the_time_limit_is_stopped_and_reported(content_root, monkeypatch):
    def endless(*args):
        while True:
            pass

    monkeypatch.setattr(rendering, "MAX_RENDER_SECONDS", 0.2)
    monkeypatch.setattr(rendering, "_convert", endless)
    write_course(content_root, "etika", {"01-pengantar": "Isi."})
    problems = [str(p) for p in check_content(content_root)]
    assert "content/etika/01-pengantar.md:5: the text takes more than 0.2 seconds to render; simplify its " \
           "Markdown or split it" in problems


def test_escaped_brackets_and_ordinary_links_are_not_limited():
    text = "\\[" * 20_000 + "\n\n" + "[tautan](https://example.org) " * 2_000
    assert checked_markdown(text).count("<a ") == 2_000


def test_shown_text_too_complex_to_render_falls_back_to_escaped_plain_text():
    with pytest.raises(MarkdownTooComplex):
        checked_markdown("<b>x</b>\n\n" + "[" * 16_000)
    assert render_markdown("<b>x</b>\n\n" + "[" * 16_000) == "<p>&lt;b&gt;x&lt;/b&gt;</p><p>" + "[" * 16_000 + "</p>"
