"""`flask content sync`: idempotent, edits in place, retires instead of deleting, refuses broken courses."""

from sqlalchemy import select

from elearn.content.models import ContentImage, Course, Module
from elearn.contentsync.services import sync_content
from elearn.core.extensions import utcnow
from elearn.learning import services as learning
from elearn.learning.models import ModuleCompletion
from tests.plugins.factories import SETTINGS, write_course


def modules_of(db, slug):
    course = db.scalar(select(Course).where(Course.slug == slug))
    return {m.slug: m for m in db.scalars(select(Module).where(Module.course_id == course.id))}


def test_first_sync_creates_and_second_changes_nothing(db, content_root):
    write_course(content_root, "etika", {"01-pengantar": "a", "02-kasus": "b"})
    first = sync_content(db, content_root)
    db.commit()
    stamps = {slug: m.updated_at for slug, m in modules_of(db, "etika").items()}
    second = sync_content(db, content_root)
    db.commit()
    assert first.created == ["etika"]
    assert second.unchanged == ["etika"] and not (second.created or second.updated or second.retired)
    assert {slug: m.updated_at for slug, m in modules_of(db, "etika").items()} == stamps


def test_editing_a_module_keeps_learner_progress(db, content_root, make_user):
    learner = make_user()
    write_course(content_root, "etika", {"01-pengantar": "Versi pertama.", "02-kasus": "b"})
    sync_content(db, content_root)
    course = db.scalar(select(Course).where(Course.slug == "etika"))
    enrollment = learning.enrol(db, learner.id, course, utcnow())
    first = modules_of(db, "etika")["pengantar"]
    learning.complete_module(db, enrollment, first, utcnow(), settings=SETTINGS)
    db.commit()

    write_course(content_root, "etika", {"01-pengantar": "Versi **kedua**.", "02-kasus": "b"})
    report = sync_content(db, content_root)
    db.commit()

    edited = modules_of(db, "etika")["pengantar"]
    assert report.updated == ["etika"]
    assert edited.id == first.id
    assert "<strong>kedua</strong>" in edited.body_html
    assert learning.course_progress(db, learner.id, course) == learning.Progress(done=1, total=2)
    assert db.scalar(select(ModuleCompletion.module_id).where(ModuleCompletion.user_id == learner.id)) == first.id


def test_reordering_files_keeps_module_identity(db, content_root):
    write_course(content_root, "etika", {"01-pengantar": "a", "02-kasus": "b"})
    sync_content(db, content_root)
    ids = {slug: m.id for slug, m in modules_of(db, "etika").items()}
    for path in (content_root / "etika").glob("0*.md"):
        path.unlink()
    write_course(content_root, "etika", {"01-kasus": "b", "02-pengantar": "a"})
    sync_content(db, content_root)
    after = modules_of(db, "etika")
    assert {slug: m.id for slug, m in after.items()} == ids
    assert after["kasus"].position == 1 and after["pengantar"].position == 2


def test_removed_module_is_retired_and_restored_when_it_returns(db, content_root):
    write_course(content_root, "etika", {"01-pengantar": "a", "02-kasus": "b"})
    sync_content(db, content_root)
    (content_root / "etika" / "02-kasus.md").unlink()
    sync_content(db, content_root)
    assert modules_of(db, "etika")["kasus"].retired_at is not None
    write_course(content_root, "etika", {"01-pengantar": "a", "02-kasus": "b"})
    sync_content(db, content_root)
    assert modules_of(db, "etika")["kasus"].retired_at is None


def test_removed_course_is_retired_not_deleted(db, content_root):
    folder = write_course(content_root, "etika")
    sync_content(db, content_root)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    report = sync_content(db, content_root)
    course = db.scalar(select(Course).where(Course.slug == "etika"))
    assert report.retired == ["etika"]
    assert course is not None and course.retired_at is not None


def test_a_broken_course_keeps_its_live_version(db, content_root):
    folder = write_course(content_root, "etika", {"01-pengantar": "Versi hidup."})
    write_course(content_root, "lain")
    sync_content(db, content_root)
    (folder / "01-pengantar.md").write_text("---\ntitle: Pengantar\nminutes: lama\n---\nVersi rusak.")
    (folder / "course.md").write_text("tanpa front matter")
    report = sync_content(db, content_root)
    live = modules_of(db, "etika")["pengantar"]
    course = db.scalar(select(Course).where(Course.slug == "etika"))
    assert report.problems and report.refused_folders == ["etika"]
    assert "Versi hidup." in live.body_html and live.retired_at is None
    assert course.retired_at is None
    assert report.unchanged == ["lain"]


def test_images_are_stored_by_content_hash_and_linked(db, content_root):
    folder = write_course(content_root, "etika", {"01-pengantar": "![Bagan alur](images/alur.svg)\n"})
    (folder / "images").mkdir()
    (folder / "images" / "alur.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    sync_content(db, content_root)
    image = db.scalar(select(ContentImage))
    assert f'src="/media/{image.digest}.svg"' in modules_of(db, "etika")["pengantar"].body_html
