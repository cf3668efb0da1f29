"""Fuzzing content/ with hypothesis: whatever a mutation does to a valid course, check and sync never
raise, check and sync report the same problems, a course check accepts is imported, and a course check
refuses keeps its live version while the other courses still sync."""

import os
import tempfile
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from elearn.content.models import Course, Module
from elearn.contentsync.services import check_content, sync_content
from tests.plugins.factories import write_course

QUIZ = textwrap.dedent("""\
    ---
    title: Latihan
    role: practice
    opens: 2026-01-01 08:00
    ---
    Kerjakan dengan jujur.

    ## pilih single
    topic: Etika
    points: 2

    Mana yang benar?

    - [x] Jujur
    - [ ] Curang

    ## hitung numeric
    answer: 3.5
    tolerance: 0.1

    Berapa?
    """)
HOSTILE = [
    "\x00", "²", "٣", "\ufeff", "[" * 3000, "*[" * 1500, "a\n=\n" * 500, "> " * 40, "    " * 30 + "- a",
    "<div>" * 2100, "0001-01-01 00:00", "9999-12-31 23:59", "a" * 250, "-" * 85, "1e999", "99999999999",
    "jp: ²", "slug: " + "a" * 90, "topic: " + "t" * 201, "## x9 numeric\nanswer: 1e400\n\nBerapa?",
    "![Gambar](images/tidak-ada.png)", '<img src="images/x.png">', "![a][r]\n\n[r]: /etc/passwd",
    "---", "## ", "points: nan", "draw: 0", "closes: 2000-01-01 00:00", "\r\n", "\t",
]
FILES = ["course.md", "01-pengantar.md", "10-latihan.quiz"]
SNIPPETS = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
EDITS = st.one_of(
    st.tuples(st.just("insert"), st.sampled_from(FILES), st.floats(0, 1), SNIPPETS),
    st.tuples(st.just("replace-line"), st.sampled_from(FILES), st.floats(0, 1), SNIPPETS),
    st.tuples(st.just("special"), st.sampled_from(FILES),
              st.sampled_from(["fifo", "directory", "dangling-link", "link-out"]), st.none()),
)


def _write_base(root: Path, dasar_text: str) -> None:
    folder = write_course(root, "etika", {"01-pengantar": "Etika **hidup**."})
    (folder / "10-latihan.quiz").write_text(QUIZ)
    write_course(root, "dasar", {"01-pengantar": dasar_text})


def _apply(folder: Path, edit: tuple) -> None:
    kind, name, where, snippet = edit
    path = folder / name
    if path.is_symlink() or not path.is_file():  # made special by an earlier edit
        return
    if kind == "special":
        path.unlink()
        {"fifo": lambda: os.mkfifo(path), "directory": path.mkdir,
         "dangling-link": lambda: path.symlink_to(folder / "tidak-ada"),
         "link-out": lambda: path.symlink_to("/proc/self/environ")}[where]()
        return
    text = path.read_text()
    if kind == "insert":
        at = int(where * len(text))
        path.write_text(text[:at] + snippet + text[at:])
    else:
        lines = text.split("\n")
        lines[int(where * (len(lines) - 1))] = snippet
        path.write_text("\n".join(lines))


def _live_module_html(db, slug: str) -> str | None:
    course = db.scalar(select(Course).where(Course.slug == slug))
    if course is None or course.retired_at is not None:
        return None
    return db.scalar(select(Module.body_html).where(Module.course_id == course.id, Module.retired_at.is_(None)))


@settings(max_examples=70, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(EDITS, min_size=1, max_size=3))
def test_mutated_content_never_breaks_check_or_sync(db, edits):
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "content"
        if _live_module_html(db, "etika") is None:  # the first example makes both courses live
            _write_base(root, "Dasar lama.")
            assert sync_content(db, root).problems == []
            db.commit()
        _write_base(root, "Dasar **baru**.")
        for edit in edits:
            _apply(root / "etika", edit)
        problems = [str(p) for p in check_content(root)]
        report = sync_content(db, root)
        try:
            assert [str(p) for p in report.problems] == problems
            assert "dasar" in report.updated and report.retired == []
            assert _live_module_html(db, "dasar") == "<p>Dasar <strong>baru</strong>.</p>"
            if problems:
                assert _live_module_html(db, "etika") == "<p>Etika <strong>hidup</strong>.</p>"
                assert report.refused_folders == ["etika"]
            else:
                assert "etika" in report.unchanged + report.updated
                assert _live_module_html(db, "etika") is not None
        finally:
            db.rollback()  # back to the committed live versions for the next example
