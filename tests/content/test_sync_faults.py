"""One bad course never stops the others: check finds everything sync would choke on (the database's
limits included), sync imports each course in its own savepoint, and a broken, renamed or refused
course keeps its live version. Also image references of every kind and files with a byte-order mark."""

import pytest
from sqlalchemy import select

from elearn.content.models import Course, Module
from elearn.contentsync import services
from elearn.contentsync.services import check_content, sync_content
from elearn.dictionary.models import Competency, CourseCompetency
from tests.dictionary_fixture import write_dictionary
from tests.plugins.factories import write_course

QUIZ = "---\ntitle: Latihan\nrole: practice\n{settings}---\n\n## q1 truefalse\nanswer: true\n{question}\nBenar?\n"


def live_bodies(db, slug: str) -> dict[str, str]:
    course = db.scalar(select(Course).where(Course.slug == slug))
    assert course.retired_at is None
    return {m.slug: m.body_html for m in db.scalars(select(Module).where(Module.course_id == course.id))}


@pytest.fixture
def two_live_courses(db, content_root):
    """Courses `etika` and `dasar`, synced and committed."""
    write_course(content_root, "etika", {"01-pengantar": "Etika lama."})
    write_course(content_root, "dasar", {"01-pengantar": "Dasar lama."})
    assert sync_content(db, content_root).problems == []
    db.commit()


def write_quiz(content_root, settings: str = "", question: str = "") -> None:
    (content_root / "etika" / "10-latihan.quiz").write_text(QUIZ.format(settings=settings, question=question))


# What used to pass check and then stop sync with a traceback (or crash check itself).
DATABASE_LIMITS = [
    pytest.param(lambda root: write_course(root, "etika", {"01-pengantar": "Etika\x00baru."}),
                 "content/etika/01-pengantar.md:5: the line holds a NUL character; remove it", id="nul"),
    pytest.param(lambda root: write_course(root, "etika", {"01-pengantar": "Baru."}, jp="²"),
                 "content/etika/course.md:6: 'jp' must be a whole number from 1 to 200, not '²'", id="unicode-digit"),
    pytest.param(lambda root: write_course(root, "etika", {"01-pengantar": "Baru."}, title="J" * 201),
                 "content/etika/course.md:2: 'title' is longer than 200 characters", id="long-title"),
    pytest.param(lambda root: write_course(root, "etika", {"01-pengantar": "Baru.", "02-" + "a" * 81: "Isi."}),
                 f"content/etika/02-{'a' * 81}.md:1: the module slug is longer than 80 characters", id="long-slug"),
    pytest.param(lambda root: write_course(root, "etika", {"01-pengantar": "Baru.", "99999999999-kasus": "Isi."}),
                 "content/etika/99999999999-kasus.md:1: module files are named NN-slug.md (digits, hyphen, "
                 "lowercase slug)", id="huge-position"),
    pytest.param(lambda root: write_quiz(root, settings="opens: 0001-01-01 00:00\n"),
                 "content/etika/10-latihan.quiz:4: 'opens' must be a date and time like 2026-12-31 23:59, not "
                 "'0001-01-01 00:00'", id="date-overflow"),
    pytest.param(lambda root: write_quiz(root, question=f"topic: {'t' * 201}\n"),
                 "content/etika/10-latihan.quiz:8: 'topic' is longer than 200 characters", id="long-topic"),
    pytest.param(lambda root: write_quiz(root, question="points: ٣\n"),
                 "content/etika/10-latihan.quiz:8: 'points' must be a number above 0 and at most 100, not '٣'",
                 id="unicode-points"),
]


@pytest.mark.parametrize(("mutate", "problem"), DATABASE_LIMITS)
def test_check_finds_what_the_database_would_refuse_and_sync_keeps_the_live_course(
        db, content_root, two_live_courses, mutate, problem):
    mutate(content_root)
    write_course(content_root, "dasar", {"01-pengantar": "Dasar baru."})
    assert [str(p) for p in check_content(content_root)] == [problem]
    report = sync_content(db, content_root)
    db.commit()
    assert [str(p) for p in report.problems] == [problem]
    assert report.updated == ["dasar"] and report.retired == []
    assert live_bodies(db, "etika") == {"pengantar": "<p>Etika lama.</p>"}
    assert live_bodies(db, "dasar") == {"pengantar": "<p>Dasar baru.</p>"}


def test_a_database_error_in_one_course_refuses_only_that_course(db, content_root, two_live_courses,
                                                                 monkeypatch):
    real = services.sync_course_quizzes

    def duplicate_module_in_etika(session, course_id, sources, now):
        real(session, course_id, sources, now)
        if session.get(Course, course_id).slug == "etika":  # a real IntegrityError at flush
            session.add(Module(course_id=course_id, slug="pengantar", position=9, title="x", body_html="",
                               source_digest="x"))
            session.flush()

    monkeypatch.setattr(services, "sync_course_quizzes", duplicate_module_in_etika)
    write_course(content_root, "etika", {"01-pengantar": "Etika baru."})
    write_course(content_root, "dasar", {"01-pengantar": "Dasar baru."})
    report = sync_content(db, content_root)
    db.commit()
    [problem] = [str(p) for p in report.problems]
    assert problem.startswith("content/etika/course.md:1: the course could not be imported (IntegrityError: ")
    assert problem.endswith("; its live version stays")
    assert report.refused_folders == ["etika"] and report.updated == ["dasar"]
    assert live_bodies(db, "etika") == {"pengantar": "<p>Etika lama.</p>"}
    assert live_bodies(db, "dasar") == {"pengantar": "<p>Dasar baru.</p>"}


def test_a_renamed_course_folder_is_recorded_and_breaking_it_later_keeps_the_live_course(
        db, content_root, two_live_courses):
    (content_root / "etika").rename(content_root / "01-etika")
    report = sync_content(db, content_root)
    db.commit()
    assert sorted(report.unchanged) == ["dasar", "etika"] and report.retired == []
    assert db.scalar(select(Course.source_folder).where(Course.slug == "etika")) == "01-etika"
    (content_root / "01-etika" / "01-pengantar.md").write_text("rusak")
    report = sync_content(db, content_root)
    db.commit()
    assert report.retired == [] and report.refused_folders == ["01-etika"]
    assert live_bodies(db, "etika") == {"pengantar": "<p>Etika lama.</p>"}


def test_renaming_and_breaking_a_course_in_one_go_keeps_the_live_course(db, content_root, two_live_courses):
    (content_root / "etika").rename(content_root / "01-etika")
    (content_root / "01-etika" / "01-pengantar.md").write_text("rusak")
    report = sync_content(db, content_root)
    db.commit()
    assert report.retired == []
    assert live_bodies(db, "etika") == {"pengantar": "<p>Etika lama.</p>"}


def linked(db, slug: str) -> set[str]:
    return set(db.scalars(select(Competency.slug).join(CourseCompetency)
                          .join(Course, Course.id == CourseCompetency.course_id).where(Course.slug == slug)))


def remove_competency(content_root, slug: str) -> None:
    """Take a competency out of the dictionary, and out of the job profiles that require it."""
    path = content_root / "_kamus" / "kompetensi.md"
    text = path.read_text()
    start = text.index(f"## {slug}\n")
    end = text.find("\n## ", start + 1)
    path.write_text(text[:start] + (text[end + 1:] if end > 0 else ""))
    profiles = content_root / "_kamus" / "jabatan.md"
    profiles.write_text("".join(line for line in profiles.read_text().splitlines(keepends=True)
                                if not line.startswith(f"{slug}:")))


def test_a_competency_a_live_course_still_uses_cannot_leave_the_dictionary(db, content_root):
    write_dictionary(content_root)
    write_course(content_root, "etika", competencies="integritas")
    assert sync_content(db, content_root).problems == []
    db.commit()
    remove_competency(content_root, "integritas")
    report = sync_content(db, content_root)
    db.commit()
    assert [str(p) for p in report.problems] == [
        "content/_kamus/kompetensi.md:1: competency 'integritas' is removed but the live course 'etika' still "
        "uses it; remove it from the course first (the dictionary is not imported)",
        "content/etika/course.md:8: unknown competency 'integritas' (not in _kamus/kompetensi.md)",
    ]
    assert "_kamus" in report.refused_folders
    assert db.scalar(select(Competency.retired_at).where(Competency.slug == "integritas")) is None
    assert linked(db, "etika") == {"integritas"}
    write_course(content_root, "etika", competencies="komunikasi")  # the tag goes in the same sync
    report = sync_content(db, content_root)
    db.commit()
    assert report.problems == []
    assert db.scalar(select(Competency.retired_at).where(Competency.slug == "integritas")) is not None
    assert linked(db, "etika") == {"komunikasi"}


def test_a_competency_a_kept_course_question_uses_cannot_leave_the_dictionary(db, content_root):
    write_dictionary(content_root)
    write_course(content_root, "etika")
    write_quiz(content_root, question="competencies: literasi-digital\n")
    assert sync_content(db, content_root).problems == []
    db.commit()
    (content_root / "etika" / "01-pengantar.md").write_text("rusak")  # etika keeps its live version
    remove_competency(content_root, "literasi-digital")
    report = sync_content(db, content_root)
    assert "competency 'literasi-digital' is removed but the live course 'etika' still uses it" in str(
        report.problems[0])
    assert db.scalar(select(Competency.retired_at).where(Competency.slug == "literasi-digital")) is None


@pytest.mark.parametrize(("body", "quiz_question", "problem"), [
    ("Lihat:\n\n<img src=\"images/tidak-ada.png\" alt=\"Bagan\">", "",
     "content/etika/01-pengantar.md:7: image 'images/tidak-ada.png' does not exist in the course folder"),
    ("<img src='images/logo.png'>", "",
     "content/etika/01-pengantar.md:5: image 'images/logo.png' needs a description (alt text)"),
    ("<IMG alt=Logo SRC=https://example.org/x.png>", "",
     "content/etika/01-pengantar.md:5: image 'https://example.org/x.png' must be a file in the course folder"),
    ("![Bagan][bagan]\n\n[bagan]: images/tidak-ada.png", "",
     "content/etika/01-pengantar.md:5: image 'images/tidak-ada.png' does not exist in the course folder"),
    ("Isi.", "![Bagan](images/tidak-ada.png)\n",
     "content/etika/10-latihan.quiz:8: image 'images/tidak-ada.png' does not exist in the course folder"),
])
def test_broken_image_references_of_every_kind_are_problems(content_root, body, quiz_question, problem):
    folder = write_course(content_root, "etika", {"01-pengantar": body})
    (folder / "images").mkdir()
    (folder / "images" / "logo.png").write_bytes(b"\x89PNG logo")
    if quiz_question:
        write_quiz(content_root, question=quiz_question)
    assert [str(p) for p in check_content(content_root)] == [problem]


def test_images_in_raw_html_reference_links_and_questions_are_served(db, content_root):
    folder = write_course(content_root, "etika", {"01-pengantar": (
        '<img src="images/logo.png" alt="Logo">\n\n![Logo][l]\n\n[l]: images/logo.png')})
    (folder / "images").mkdir()
    (folder / "images" / "logo.png").write_bytes(b"\x89PNG logo")
    write_quiz(content_root, question="![Logo](images/logo.png)\n")
    assert sync_content(db, content_root).problems == []
    body = live_bodies(db, "etika")["pengantar"]
    assert body.count('src="/media/') == 2 and "images/logo.png" not in body


def test_files_starting_with_a_byte_order_mark_are_accepted(db, content_root):
    folder = write_course(content_root, "etika")
    for path in (folder / "course.md", folder / "01-pengantar.md"):
        path.write_bytes("\ufeff".encode() + path.read_bytes())
    write_dictionary(content_root)
    dictionary = content_root / "_kamus" / "kompetensi.md"
    dictionary.write_bytes("\ufeff".encode() + dictionary.read_bytes())
    assert check_content(content_root) == []
    assert sync_content(db, content_root).created == ["etika"]


def test_a_dictionary_slug_longer_than_its_column_is_a_problem(content_root):
    write_dictionary(content_root)
    path = content_root / "_kamus" / "kompetensi.md"
    path.write_text(path.read_text().replace("## integritas\n", f"## {'i' * 81}\n"))
    assert "content/_kamus/kompetensi.md:3: a competency slug is at most 80 characters" in [
        str(p) for p in check_content(content_root)]


def test_a_survey_slug_longer_than_its_column_is_a_problem(content_root):
    (content_root / "_survei").mkdir()
    (content_root / "_survei" / f"{'s' * 81}.survey").write_text("---\ntitle: S\nkind: reaction\n---\n")
    assert [str(p) for p in check_content(content_root)] == [
        f"content/_survei/{'s' * 81}.survey:1: a survey slug is at most 80 characters"]


def test_images_shown_as_code_are_not_references(content_root):
    write_course(content_root, "etika", {"01-pengantar": (
        "Tulis `<img src=\"foto.png\">` atau:\n\n```html\n<img src=\"foto.png\">\n![Foto](foto.png)\n```\n")})
    assert check_content(content_root) == []
