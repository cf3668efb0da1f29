"""`flask content check` reports every problem as path:line: message, touching nothing."""

from elearn.contentsync.parsing import load_content
from elearn.contentsync.services import check_content
from tests.plugins.factories import write_course


def messages(root):
    return [str(problem) for problem in check_content(root)]


def test_a_valid_course_has_no_problems(content_root):
    write_course(content_root, "etika", {"01-pengantar": "Teks.", "02-kasus": "Teks."})
    tree = load_content(content_root)
    assert tree.problems == []
    assert [m.slug for m in tree.courses[0].modules] == ["pengantar", "kasus"]


def test_missing_required_field_is_reported_with_file_and_line(content_root):
    folder = write_course(content_root, "etika")
    (folder / "course.md").write_text("---\ntitle: Etika\nslug: etika\nsummary: S\njp: 2\nlevel: 1\n---\nx")
    assert messages(content_root) == [
        "content/etika/course.md:1: 'competency_type' must be one of teknis, manajerial, "
        "sosial-kultural, not nothing"
    ]


def test_bad_values_point_at_their_own_line(content_root):
    folder = write_course(content_root, "etika", jp="banyak", level="9", colour="merah")
    found = messages(content_root)
    text = (folder / "course.md").read_text().split("\n")
    jp_line = text.index("jp: banyak") + 1
    assert f"content/etika/course.md:{jp_line}: 'jp' must be a whole number from 1 to 200, not 'banyak'" in found
    assert any("'level' must be a whole number from 1 to 5, not '9'" in m for m in found)
    assert any("unknown key 'colour'" in m for m in found)


def test_malformed_front_matter_is_reported(content_root):
    folder = write_course(content_root, "etika")
    (folder / "01-pengantar.md").write_text("---\ntitle Pengantar\n---\nTeks.")
    assert messages(content_root) == [
        "content/etika/01-pengantar.md:1: 'title' is required",
        "content/etika/01-pengantar.md:2: expected 'key: value' in the front matter, found 'title Pengantar'",
    ]


def test_unclosed_front_matter_and_missing_block_are_reported(content_root):
    folder = write_course(content_root, "etika")
    (folder / "01-pengantar.md").write_text("---\ntitle: Pengantar\n")
    (folder / "02-kasus.md").write_text("# Kasus tanpa front matter")
    found = messages(content_root)
    assert any("01-pengantar.md:1: the front-matter block is never closed" in m for m in found)
    assert any("02-kasus.md:1: the file must start with a front-matter block" in m for m in found)


def test_duplicate_module_slug_is_reported(content_root):
    write_course(content_root, "etika", {"01-pengantar": "a", "03-pengantar": "b"})
    assert messages(content_root) == [
        "content/etika/03-pengantar.md:1: module slug 'pengantar' is also used by 01-pengantar.md"
    ]


def test_duplicate_course_slug_refuses_both_courses(content_root):
    write_course(content_root, "etika", folder="etika-a")
    write_course(content_root, "etika", folder="etika-b")
    tree = load_content(content_root)
    assert tree.courses == []
    assert [str(p) for p in tree.problems] == [
        "content/etika-a/course.md:3: course slug 'etika' is also used by etika-b",
        "content/etika-b/course.md:3: course slug 'etika' is also used by etika-a",
    ]


def test_badly_named_module_file_and_missing_image_are_reported(content_root):
    folder = write_course(content_root, "etika", {"01-pengantar": "Teks\n\n![](images/tidak-ada.png)\n"})
    (folder / "Pengantar Lama.md").write_text("---\ntitle: x\n---\ny")
    found = messages(content_root)
    assert "content/etika/01-pengantar.md:7: image 'images/tidak-ada.png' does not exist in the course folder" in found
    assert "content/etika/01-pengantar.md:7: image 'images/tidak-ada.png' needs a description (alt text)" in found
    assert any(m.startswith("content/etika/Pengantar Lama.md:1: module files are named") for m in found)


def test_non_utf8_file_is_reported_not_crashing(content_root):
    folder = write_course(content_root, "etika")
    (folder / "01-pengantar.md").write_bytes(b"---\ntitle: Caf\xe9\n---\nx")
    assert any("not valid UTF-8" in m for m in messages(content_root))


def test_the_real_content_folder_is_valid():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "content"
    assert messages(root) == []
    tree = load_content(root)
    assert len(tree.courses) >= 3
    assert all(len(course.modules) >= 4 for course in tree.courses)
