"""Content files and images are read only when they are plain files whose real path lies inside
content/: a link out (to /proc/self/environ, say), a dangling link, a folder, a FIFO or a device
named like a module is a path:line problem and is never opened, so nothing outside is published."""

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from elearn.content.models import ContentImage, Course, Module
from elearn.contentsync.services import check_content, sync_content
from elearn.core.files import UnreadableFile, read_content_bytes
from tests.plugins.factories import write_course

SECRET = "SECRET_KEY=bocor-dari-server"
OUTSIDE = "the file is a link to a place outside the content folder; content files must be plain files inside it"
NOT_PLAIN = ("the file is not a plain file (it is a folder, a FIFO or a device); content files must be plain "
             "files")


def messages(root: Path) -> list[str]:
    """check_content's problems; a check that hangs (on a FIFO, say) fails instead of blocking pytest."""
    found: list[str] = []
    worker = threading.Thread(target=lambda: found.extend(str(p) for p in check_content(root)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "content check hangs"
    return found


@pytest.fixture
def outside_file(tmp_path) -> Path:
    path = tmp_path / "outside" / "rahasia.txt"
    path.parent.mkdir()
    path.write_text(f"---\ntitle: Bocor\n---\n{SECRET}\n")
    return path


def test_a_module_linked_to_a_file_outside_content_is_a_problem_and_never_imported(db, content_root,
                                                                                   outside_file):
    folder = write_course(content_root, "etika")
    (folder / "02-bocor.md").symlink_to(outside_file)
    assert messages(content_root) == [f"content/etika/02-bocor.md:1: {OUTSIDE}"]
    report = sync_content(db, content_root)
    assert report.refused_folders == ["etika"]
    assert not any(SECRET in m.body_html for m in db.scalars(select(Module)))


def test_an_image_linked_to_proc_self_environ_is_never_published(db, content_root):
    folder = write_course(content_root, "etika", {"01-pengantar": "![Lingkungan](images/env.png)"})
    (folder / "images").mkdir()
    (folder / "images" / "env.png").symlink_to("/proc/self/environ")
    found = messages(content_root)
    assert f"content/etika/images/env.png:1: {OUTSIDE}" in found
    sync_content(db, content_root)
    assert db.scalars(select(ContentImage)).all() == []


@pytest.mark.parametrize("make", [
    pytest.param(lambda path: path.mkdir(), id="directory"),
    pytest.param(lambda path: os.mkfifo(path), id="fifo"),
])
def test_a_folder_or_fifo_named_like_a_module_is_a_problem_not_a_hang(content_root, make):
    folder = write_course(content_root, "etika")
    make(folder / "02-kasus.md")
    assert messages(content_root) == [f"content/etika/02-kasus.md:1: {NOT_PLAIN}"]


def test_a_fifo_named_like_a_quiz_or_course_file_is_a_problem_not_a_hang(content_root):
    write_course(content_root, "etika")
    os.mkfifo(content_root / "etika" / "90-kuis.quiz")
    broken = content_root / "dasar"
    broken.mkdir()
    os.mkfifo(broken / "course.md")
    assert messages(content_root) == [
        f"content/dasar/course.md:1: {NOT_PLAIN}",
        f"content/etika/90-kuis.quiz:1: {NOT_PLAIN}",
    ]


def test_a_dangling_link_named_like_a_module_is_a_problem(content_root):
    folder = write_course(content_root, "etika")
    (folder / "02-kasus.md").symlink_to(folder / "tidak-ada.md")
    assert messages(content_root) == [
        "content/etika/02-kasus.md:1: the file is a link to a file that does not exist"]


def test_a_dictionary_file_linked_outside_content_is_a_problem(content_root, outside_file):
    (content_root / "_kamus").mkdir()
    (content_root / "_kamus" / "kompetensi.md").symlink_to(outside_file)
    (content_root / "_kamus" / "jabatan.md").write_text("## semua\nname: Semua\nmatch: *\n")
    assert f"content/_kamus/kompetensi.md:1: {OUTSIDE}" in messages(content_root)


def test_a_course_folder_linked_outside_content_is_refused(content_root, tmp_path):
    elsewhere = write_course(tmp_path / "elsewhere", "etika")
    (content_root / "etika").symlink_to(elsewhere, target_is_directory=True)
    assert f"content/etika/course.md:1: {OUTSIDE}" in messages(content_root)


def test_a_link_to_a_file_inside_content_is_read(db, content_root):
    folder = write_course(content_root, "etika")
    (content_root / "_bersama").mkdir()
    (content_root / "_bersama" / "kasus.md").write_text("---\ntitle: Kasus\n---\nTeks bersama.\n")
    (folder / "02-kasus.md").symlink_to(content_root / "_bersama" / "kasus.md")
    assert messages(content_root) == []


def test_the_reader_never_opens_a_device_nor_reads_more_than_its_limit(tmp_path):
    with pytest.raises(UnreadableFile, match="not a plain file"):
        read_content_bytes(Path("/dev/zero"), None)
    big = tmp_path / "besar.md"
    big.write_bytes(b"a" * 2049)
    with pytest.raises(UnreadableFile, match="larger than 2 KB"):
        read_content_bytes(big, tmp_path, max_bytes=2048)


def test_a_module_over_the_file_size_limit_is_a_problem(content_root):
    folder = write_course(content_root, "etika")
    (folder / "02-besar.md").write_text("---\ntitle: Besar\n---\n" + "Teks panjang. " * 40_000)
    assert messages(content_root) == [
        "content/etika/02-besar.md:1: the file is larger than 512 KB; split it into smaller files"]


def test_import_gift_refuses_a_fifo_instead_of_hanging(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_CONTENT_DIR", str(tmp_path / "content"))
    write_course(tmp_path / "content", "pelayanan-publik")
    os.mkfifo(tmp_path / "bank.gift")
    result = app.test_cli_runner().invoke(args=[
        "content", "import-gift", str(tmp_path / "bank.gift"), "--course", "pelayanan-publik",
        "--quiz", "90-bank-soal"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'bank.gift'}:1: {NOT_PLAIN}" in result.stderr


def test_synced_course_is_served_from_the_database_not_the_disk(db, content_root, client):
    """The /media/ route reads ContentImage rows only, so nothing on disk is reachable through it."""
    folder = write_course(content_root, "etika", {"01-pengantar": "![Logo](images/logo.png)"})
    (folder / "images").mkdir()
    (folder / "images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    sync_content(db, content_root)
    db.commit()
    image = db.scalars(select(ContentImage)).one()
    (folder / "images" / "logo.png").unlink()
    assert client.get(f"/media/{image.digest}.png").data == b"\x89PNG\r\n\x1a\nlogo"
    assert db.scalar(select(Course.slug)) == "etika"


def test_a_fifo_named_like_a_dictionary_file_is_a_problem_not_a_hang(content_root):
    (content_root / "_kamus").mkdir()
    os.mkfifo(content_root / "_kamus" / "kompetensi.md")
    (content_root / "_kamus" / "jabatan.md").write_text("## semua\nname: Semua\nmatch: *\n")
    assert f"content/_kamus/kompetensi.md:1: {NOT_PLAIN}" in messages(content_root)
