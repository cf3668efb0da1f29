"""Gaps and the ranking of recommended courses, as services over a session (no request)."""

from elearn.competencies.services import home_recommendations, learner_gaps, recommended_courses
from tests.conftest import counted_statements


def titles(recommendations):
    return [recommendation.course.title for recommendation in recommendations]


def test_courses_are_ranked_by_the_sum_of_the_gaps_they_address(
        db, make_user, make_competency, make_profile, make_tagged_course, assess):
    learner = make_user()
    integrity, communication, service = (make_competency(n) for n in ("Integritas", "Komunikasi", "Pelayanan"))
    make_profile({integrity: 4, communication: 3, service: 2}, learner)
    assess(learner, integrity, 1)  # gap 3
    assess(learner, communication, 2)  # gap 1
    assess(learner, service, 2)  # no gap
    make_tagged_course("Komunikasi efektif", communication)
    make_tagged_course("Integritas ASN", integrity)
    make_tagged_course("Integritas dan komunikasi", integrity, communication)
    make_tagged_course("Pelayanan prima", service)

    ranked = recommended_courses(db, learner.id)

    assert titles(ranked) == ["Integritas dan komunikasi", "Integritas ASN", "Komunikasi efektif"]
    assert [r.gap_total for r in ranked] == [4, 3, 1]
    reasons = ranked[0].reasons
    assert [(r.competency_name, r.required, r.current, r.gap) for r in reasons] == [
        ("Integritas", 4, 1, 3), ("Komunikasi", 3, 2, 1)]


def test_a_completed_course_is_not_recommended(
        db, make_user, make_competency, make_profile, make_tagged_course, assess, complete_course):
    learner, colleague = make_user(), make_user()
    integrity = make_competency("Integritas")
    make_profile({integrity: 4}, learner, colleague)
    assess(learner, integrity, 2)
    done = make_tagged_course("Integritas dasar", integrity)
    make_tagged_course("Integritas lanjut", integrity)
    complete_course(learner, done)
    complete_course(colleague, make_tagged_course("Integritas ketiga", integrity))

    assert titles(recommended_courses(db, learner.id)) == ["Integritas ketiga", "Integritas lanjut"]


def test_the_mentors_assessment_overrides_the_self_assessment(
        db, make_user, make_competency, make_profile, make_tagged_course, assess):
    learner, mentor = make_user(), make_user()
    integrity, communication = make_competency("Integritas"), make_competency("Komunikasi")
    make_profile({integrity: 3, communication: 3}, learner)
    assess(learner, integrity, 3)  # no gap in the learner's own eyes...
    assess(learner, integrity, 1, source="mentor", assessor=mentor)  # ...but a gap of 2 in the mentor's
    assess(learner, communication, 1)
    assess(learner, communication, 3, source="mentor", assessor=mentor)  # the mentor sees no gap
    make_tagged_course("Integritas ASN", integrity)
    make_tagged_course("Komunikasi efektif", communication)

    assessed, gaps = learner_gaps(db, learner.id)
    assert assessed
    assert {gap.competency_name: gap.current for gap in gaps.values()} == {"Integritas": 1}
    assert titles(recommended_courses(db, learner.id)) == ["Integritas ASN"]


def test_equal_gaps_prefer_the_course_one_level_above_the_current_level_then_the_title(
        db, make_user, make_competency, make_profile, make_tagged_course, assess):
    learner = make_user()
    integrity = make_competency("Integritas")
    make_profile({integrity: 5}, learner)
    assess(learner, integrity, 2)
    make_tagged_course("A: tingkat 2, sudah dikuasai", integrity, level=2)
    make_tagged_course("B: tingkat 5, terlalu tinggi", integrity, level=5)
    make_tagged_course("D: tingkat 3", integrity, level=3)
    make_tagged_course("C: tingkat 3", integrity, level=3)
    make_tagged_course("E: tingkat 4", integrity, level=4)

    assert titles(recommended_courses(db, learner.id, limit=10)) == [
        "C: tingkat 3", "D: tingkat 3", "E: tingkat 4", "B: tingkat 5, terlalu tinggi",
        "A: tingkat 2, sudah dikuasai"]
    assert titles(recommended_courses(db, learner.id, limit=2)) == ["C: tingkat 3", "D: tingkat 3"]


def test_drafts_retired_courses_and_retired_competencies_are_never_recommended(
        db, make_user, make_competency, make_profile, make_tagged_course, assess):
    learner = make_user()
    integrity, old = make_competency("Integritas"), make_competency("Lama", retired=True)
    make_profile({integrity: 4, old: 4}, learner)
    assess(learner, integrity, 1)
    assess(learner, old, 1)
    make_tagged_course("Draf", integrity, published=False)
    make_tagged_course("Pensiun", integrity, retired=True)
    make_tagged_course("Kompetensi lama", old)
    make_tagged_course("Integritas ASN", integrity)

    assert titles(recommended_courses(db, learner.id)) == ["Integritas ASN"]


def test_without_a_required_level_there_is_no_gap_and_no_recommendation(
        db, make_user, make_competency, make_profile, make_tagged_course, assess):
    learner, holder = make_user(), make_user()
    integrity, communication = make_competency("Integritas"), make_competency("Komunikasi")
    make_profile({communication: 5}, holder)  # the learner holds no profile at all
    assess(learner, integrity, 1)
    make_tagged_course("Integritas ASN", integrity)

    home = home_recommendations(db, learner.id)
    assert home.assessed and home.courses == []


def test_a_learner_who_assessed_nothing_is_invited_to_assess(db, make_user):
    home = home_recommendations(db, make_user().id)
    assert not home.assessed and home.courses == []


def test_recommendations_take_the_same_statements_for_few_or_many_courses_and_gaps(
        db, make_user, make_competency, make_profile, make_tagged_course, assess):
    def statements_for(course_count: int) -> int:
        learner = make_user()
        competencies = [make_competency(f"K{course_count}-{n}") for n in range(course_count)]
        make_profile(dict.fromkeys(competencies, 5), learner)
        for n, competency in enumerate(competencies):
            assess(learner, competency, 1 + n % 3)
            make_tagged_course(f"Kursus {course_count}-{n}", competency, *competencies[:n])
        learner_id = learner.id
        db.expire_all()
        with counted_statements() as statements:
            assert len(recommended_courses(db, learner_id, limit=3)) == 3
        return len(statements)

    assert statements_for(3) == statements_for(12) == 2
