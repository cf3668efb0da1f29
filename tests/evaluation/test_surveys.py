"""Survey files in content/_survei: every problem reported as file:line, broken files not imported
(their live version stays), questions updated in place by key, removed questions and files retired."""

from pathlib import Path

import pytest
from sqlalchemy import select

from elearn.contentsync.parsing import load_content
from elearn.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from elearn.evaluation.surveys import LIKERT_LABELS, load_surveys
from tests.evaluation.survey_files import (
    NOW,
    complete_course,
    days_ago,
    survey_named,
    survey_text,
    sync,
    write_all_kinds,
    write_survey,
)
from tests.plugins.factories import write_course

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"


def problems_of(root: Path) -> list[str]:
    problems: list = []
    load_surveys(root, problems)
    return [str(p) for p in sorted(problems)]


def questions_of(db, survey: Survey) -> dict[str, SurveyQuestion]:
    return {q.key: q for q in db.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id)
                                         .order_by(SurveyQuestion.position))}


def test_the_real_surveys_are_valid_one_of_each_kind_in_indonesian():
    problems: list = []
    folder = load_surveys(REAL_CONTENT, problems)
    assert problems == []
    by_kind = {source.kind: source for source in folder.sources}
    assert set(by_kind) == {"reaction", "behaviour_learner", "behaviour_mentor"}
    reaction = by_kind["reaction"]
    likert = [q for q in reaction.questions if q.type == "likert"]
    assert 5 <= len(likert) <= 7 and all(q.options == LIKERT_LABELS for q in likert)
    assert [q.type for q in reaction.questions if not q.required] == ["text"]
    frequency = next(q for q in by_kind["behaviour_learner"].questions if q.key == "frekuensi")
    assert frequency.options[0] == [1, "Tidak pernah"]


def test_a_survey_file_is_read_with_labels_options_and_required_defaults(content_root):
    write_survey(content_root, "reaksi", survey_text("reaction", questions="""
        ## mudah likert
        labels: Tidak pernah | Jarang | Kadang | Sering | Selalu

        Kursus mudah diikuti
        di ponsel.

        ## frekuensi choice
        required: no

        Seberapa sering?

        - 2: Setiap minggu
        - 1: Tidak pernah

        ## komentar text

        Komentar Anda.
        """))
    problems: list = []
    [source] = load_surveys(content_root, problems).sources
    assert problems == []
    assert (source.slug, source.kind, source.title, source.intro) == (
        "reaksi", "reaction", "Survei uji", "Pengantar **survei**.")
    mudah, frekuensi, komentar = source.questions
    assert (mudah.prompt, mudah.options, mudah.required) == (
        "Kursus mudah diikuti di ponsel.", ["Tidak pernah", "Jarang", "Kadang", "Sering", "Selalu"], True)
    assert (frekuensi.options, frekuensi.required) == ([[2, "Setiap minggu"], [1, "Tidak pernah"]], False)
    assert (komentar.type, komentar.options, komentar.required) == ("text", [], False)


HEAD = "---\ntitle: Reaksi\nkind: reaction\n---\n"
PROBLEMS = {
    "unknown front-matter key": (HEAD.replace("kind", "audience: semua\nkind") + "## a likert\n\nTeks.\n",
                                 "content/_survei/s.survey:3: unknown key 'audience'"),
    "bad kind": (HEAD.replace("reaction", "level2") + "## a likert\n\nTeks.\n",
                 "content/_survei/s.survey:3: 'kind' must be one of reaction, behaviour_learner, "
                 "behaviour_mentor, not 'level2'"),
    "bad type": (HEAD + "## a slider\n\nTeks.\n", "content/_survei/s.survey:5: a question starts with"),
    "bad key": (HEAD + "## A_1 likert\n\nTeks.\n", "content/_survei/s.survey:5: a question starts with"),
    "duplicate key": (HEAD + "## a likert\n\nSatu.\n\n## a text\n\nDua.\n",
                      "content/_survei/s.survey:9: question key 'a' is also used on line 5"),
    "unknown setting": (HEAD + "## a text\nlabels: A | B | C | D | E\n\nTeks.\n",
                        "content/_survei/s.survey:6: unknown setting 'labels' for a text question"),
    "bad required": (HEAD + "## a likert\nrequired: perhaps\n\nTeks.\n",
                     "content/_survei/s.survey:6: 'required' must be yes or no, not 'perhaps'"),
    "four likert labels": (HEAD + "## a likert\nlabels: A | B | C | D\n\nTeks.\n",
                           "content/_survei/s.survey:6: 'labels' needs five labels separated by '|', found 4"),
    "choice without options": (HEAD + "## a choice\n\nPilih.\n",
                               "content/_survei/s.survey:5: choice question 'a' needs at least two options"),
    "bad option": (HEAD + "## a choice\n\nPilih.\n\n- satu\n- 2: Dua\n",
                   "content/_survei/s.survey:9: expected an option '- 1: label', found '- satu'"),
    "duplicate option value": (HEAD + "## a choice\n\nPilih.\n\n- 1: Satu\n- 1: Dua\n",
                               "content/_survei/s.survey:10: option value 1 is used twice in question 'a'"),
    "options on a likert": (HEAD + "## a likert\n\nNilai.\n\n- 1: Satu\n",
                            "content/_survei/s.survey:9: only choice questions have options"),
    "no question text": (HEAD + "## a likert\n", "content/_survei/s.survey:5: question 'a' has no question text"),
    "no questions": (HEAD + "Hanya pengantar.\n",
                     "content/_survei/s.survey:5: the survey has no questions"),
    "no front matter": ("## a likert\n\nTeks.\n", "content/_survei/s.survey:1: the file must start with"),
}


@pytest.mark.parametrize("text, expected", PROBLEMS.values(), ids=PROBLEMS.keys())
def test_each_problem_is_reported_with_its_file_and_line(content_root, text, expected):
    write_survey(content_root, "s", text)
    problems = problems_of(content_root)
    assert any(p.startswith(expected) for p in problems), problems
    assert load_surveys(content_root, []).sources == []


def test_a_badly_named_file_is_reported(content_root):
    (content_root / "_survei").mkdir()
    (content_root / "_survei" / "Reaksi Baru.survey").write_text(survey_text("reaction"))
    assert problems_of(content_root) == [
        "content/_survei/Reaksi Baru.survey:1: survey files are named <slug>.survey (lowercase letters, "
        "digits and hyphens)"]


def test_two_surveys_of_the_same_kind_are_both_refused(content_root):
    write_survey(content_root, "reaksi", survey_text("reaction"))
    write_survey(content_root, "reaksi-baru", survey_text("reaction"))
    write_survey(content_root, "perilaku", survey_text("behaviour_learner"))
    problems: list = []
    folder = load_surveys(content_root, problems)
    assert [str(p) for p in problems] == [
        "content/_survei/reaksi-baru.survey:3: kind 'reaction' is also the kind of reaksi.survey; only one "
        "survey of each kind can be active",
        "content/_survei/reaksi.survey:3: kind 'reaction' is also the kind of reaksi-baru.survey; only one "
        "survey of each kind can be active",
    ]
    assert [source.slug for source in folder.sources] == ["perilaku"]


def test_content_check_reports_survey_problems_with_the_courses(content_root):
    write_course(content_root, "etika")
    write_survey(content_root, "reaksi", HEAD + "## a slider\n\nTeks.\n")
    assert [p.path for p in load_content(content_root).problems] == ["content/_survei/reaksi.survey"]


def test_sync_imports_renders_the_intro_and_changes_nothing_the_second_time(db, content_root):
    write_all_kinds(content_root)
    write_survey(content_root, "reaksi", survey_text(
        "reaction", intro="Isi **survei**. <script>alert(1)</script>"))
    sync(db, content_root)
    survey = survey_named(db, "reaksi")
    assert survey.intro_html.startswith("<p>Isi <strong>survei</strong>.") and "<script" not in survey.intro_html
    before = {q.key: (q.id, q.position, q.prompt) for q in questions_of(db, survey).values()}
    assert list(before) == ["relevansi", "frekuensi", "komentar"]
    sync(db, content_root, days_ago(-1))
    again = survey_named(db, "reaksi")
    assert (again.id, again.retired_at) == (survey.id, None)
    assert {q.key: (q.id, q.position, q.prompt) for q in questions_of(db, again).values()} == before
    assert db.scalar(select(Survey.id).where(Survey.kind == "reaction", Survey.retired_at.is_(None))) == survey.id


def test_editing_updates_questions_in_place_and_retires_a_removed_one(db, content_root, make_user, make_course):
    write_all_kinds(content_root)
    learner = make_user()
    course = complete_course(db, make_course, learner)
    survey = survey_named(db, "reaksi")
    old = questions_of(db, survey)
    response = SurveyResponse(survey_id=survey.id, respondent_id=learner.id, learner_id=learner.id,
                              course_id=course.id, submitted_at=NOW)
    db.add(response)
    db.flush()
    db.add(SurveyAnswer(response_id=response.id, question_id=old["frekuensi"].id, number=2))
    db.commit()

    write_survey(content_root, "reaksi", survey_text("reaction", questions="""
        ## komentar text
        required: yes

        Saran perbaikan Anda.

        ## relevansi likert

        Materi sangat relevan.
        """))
    sync(db, content_root, days_ago(-1))
    new = questions_of(db, survey)
    assert {key: q.id for key, q in new.items()} == {key: q.id for key, q in old.items()}
    assert (new["komentar"].position, new["komentar"].prompt, new["komentar"].required) == (
        1, "Saran perbaikan Anda.", True)
    assert (new["relevansi"].position, new["relevansi"].prompt) == (2, "Materi sangat relevan.")
    assert new["frekuensi"].retired_at == days_ago(-1)
    answer = db.scalar(select(SurveyAnswer).where(SurveyAnswer.response_id == response.id))
    assert (answer.question_id, answer.number) == (old["frekuensi"].id, 2)


def test_a_broken_file_is_not_imported_and_its_live_version_stays(db, content_root):
    write_all_kinds(content_root)
    sync(db, content_root)
    write_survey(content_root, "reaksi", survey_text("reaction", title="Judul baru") + "\n## x slider\n\nY.\n")
    report = sync(db, content_root, days_ago(-1))
    survey = survey_named(db, "reaksi")
    assert [p.path for p in report.problems] == ["content/_survei/reaksi.survey"]
    assert (survey.title, survey.retired_at) == ("Survei reaksi", None)


def test_removing_a_file_retires_the_survey_and_a_new_file_of_its_kind_replaces_it(db, content_root):
    write_all_kinds(content_root)
    sync(db, content_root)
    (content_root / "_survei" / "reaksi.survey").unlink()
    sync(db, content_root, days_ago(-1))
    assert survey_named(db, "reaksi").retired_at == days_ago(-1)
    write_survey(content_root, "reaksi-2027", survey_text("reaction"))
    sync(db, content_root, days_ago(-2))
    live = db.scalars(select(Survey.slug).where(Survey.retired_at.is_(None)).order_by(Survey.slug)).all()
    assert live == ["perilaku-mentor", "perilaku-peserta", "reaksi-2027"]


def test_without_a_survey_folder_the_surveys_are_left_as_they_are(db, content_root):
    write_all_kinds(content_root)
    sync(db, content_root)
    for path in (content_root / "_survei").iterdir():
        path.unlink()
    (content_root / "_survei").rmdir()
    sync(db, content_root, days_ago(-1))
    assert db.scalar(select(Survey.id).where(Survey.retired_at.is_not(None))) is None
