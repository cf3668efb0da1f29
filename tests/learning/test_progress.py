"""Progress rules, tested on the services without a request."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from elearn.content.models import Module
from elearn.learning import services
from tests.plugins.factories import SETTINGS

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def modules(db, course):
    return services.active_modules(db, course)


def test_enrolling_twice_returns_the_same_enrolment(db, make_user, make_course):
    learner, course = make_user(), make_course()
    first = services.enrol(db, learner.id, course, NOW)
    assert services.enrol(db, learner.id, course, NOW).id == first.id


def test_course_completes_when_every_module_is_complete_and_grants_jp(db, make_user, make_course):
    learner = make_user()
    course = make_course(modules={"01-a": "a", "02-b": "b"}, jp="6")
    enrollment = services.enrol(db, learner.id, course, NOW)
    first, second = modules(db, course)
    assert services.complete_module(db, enrollment, first, NOW, settings=SETTINGS) is False
    assert services.complete_module(db, enrollment, first, NOW, settings=SETTINGS) is False  # idempotent
    assert services.course_progress(db, learner.id, course) == services.Progress(1, 2)
    assert services.complete_module(db, enrollment, second, NOW, settings=SETTINGS) is True
    assert enrollment.completed_at == NOW and enrollment.jp_awarded == 6
    assert services.complete_module(db, enrollment, second, NOW, settings=SETTINGS) is False


def test_progress_ignores_retired_modules(db, make_user, make_course, content_root):
    learner = make_user()
    course = make_course(modules={"01-a": "a", "02-b": "b", "03-c": "c"})
    enrollment = services.enrol(db, learner.id, course, NOW)
    services.complete_module(db, enrollment, modules(db, course)[0], NOW, settings=SETTINGS)
    db.scalar(select(Module).where(Module.slug == "c")).retired_at = NOW
    assert services.course_progress(db, learner.id, course) == services.Progress(1, 2)


def test_enrolled_courses_show_progress_most_recent_first(db, make_user, make_course):
    learner = make_user()
    older = make_course(slug="lama", modules={"01-a": "a", "02-b": "b"})
    newer = make_course(slug="baru")
    services.enrol(db, learner.id, older, NOW)
    enrollment = services.enrol(db, learner.id, newer, NOW + timedelta(hours=1))
    services.complete_module(db, enrollment, modules(db, newer)[0], NOW + timedelta(hours=1), settings=SETTINGS)
    entries = services.enrolled_courses(db, learner.id)
    assert [(e.course.slug, e.progress.percent) for e in entries] == [("baru", 100), ("lama", 0)]


def test_catalog_filters_by_type_and_searches_title_and_summary(db, make_user, make_course):
    learner = make_user()
    make_course(slug="layanan", title="Pelayanan Publik", competency_type="manajerial")
    make_course(slug="spbe", title="Literasi Digital", summary="Keamanan 100% daring")
    make_course(slug="draf", title="Draf", published="no")

    def slugs(kind=None, search=None):
        return [card.course.slug for card in services.catalog(db, learner, kind, search)]

    assert slugs() == ["spbe", "layanan"]
    assert slugs("manajerial") == ["layanan"]
    assert slugs(search="digital") == ["spbe"]
    assert slugs(search="100%") == ["spbe"]
    assert slugs(search="_") == []  # LIKE wildcards are taken literally
    assert slugs(search="\\%") == []  # and so is the escape character


def test_rereading_a_module_writes_at_most_every_few_minutes(db, make_user, make_course):
    learner = make_user()
    course = make_course(modules={"01-a": "a", "02-b": "b"})
    a, b = modules(db, course)
    enrollment = services.enrol(db, learner.id, course, NOW)
    assert services.record_visit(enrollment, a, NOW) is True
    assert services.record_visit(enrollment, a, NOW + timedelta(minutes=1)) is False
    assert services.record_visit(enrollment, b, NOW + timedelta(minutes=2)) is True
    assert services.record_visit(enrollment, b, NOW + timedelta(minutes=8)) is True
    assert enrollment.last_activity_at == NOW + timedelta(minutes=8)
