"""Surveys for learners (reaction, behaviour) and mentors (behaviour of their mentees)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from elearn.accounts.mentorships import learner_for
from elearn.content.visibility import visible_course
from elearn.core.extensions import db, utcnow
from elearn.evaluation import responses
from elearn.evaluation.forms import attach_problems, posted_answers, survey_form

bp = Blueprint("evaluation", __name__)


@bp.route("/surveys/<survey_slug>/courses/<course_slug>", methods=["GET", "POST"])
@login_required
def learner_survey(survey_slug: str, course_slug: str):
    survey = responses.live_survey(db.session, survey_slug, responses.LEARNER_KINDS) or abort(404)
    course = visible_course(db.session, current_user, course_slug) or abort(404)
    return _answer_page(survey, course, current_user, url_for("journey.course", slug=course.slug))


@bp.route("/surveys/<survey_slug>/courses/<course_slug>/learners/<int:learner_id>", methods=["GET", "POST"])
@login_required
def mentor_survey(survey_slug: str, course_slug: str, learner_id: int):
    learner = learner_for(db.session, current_user, learner_id) or abort(404)
    survey = responses.live_survey(db.session, survey_slug, responses.MENTOR_KINDS) or abort(404)
    course = responses.course_of_learner(db.session, learner.id, course_slug) or abort(404)
    return _answer_page(survey, course, learner, url_for("mentoring.index"))


def _answer_page(survey, course, learner, done_url: str):
    """Show the survey, or why it cannot be answered; on a valid post save it and leave the page."""
    questions = responses.survey_questions(db.session, survey.id)
    form, now, status = survey_form(questions), utcnow(), 200
    refusal = responses.response_refusal(db.session, survey, current_user.id, learner.id, course, now)
    if refusal is None and form.validate_on_submit():
        try:
            responses.submit_response(db.session, survey, current_user.id, learner.id, course,
                                      posted_answers(form, questions), now)
        except responses.SurveyRefusal as error:
            refusal, status = error.message, 409
        except responses.AnswerProblems as error:
            attach_problems(form, error.problems)
            status = 422
        else:
            flash(_("Thank you. Your answers have been saved."), "ok")
            return redirect(done_url)
    elif refusal is not None and form.is_submitted():
        status = 409
    return render_template("evaluation/survey.html", survey=survey, course=course, learner=learner,
                           questions=questions, form=form, refusal=refusal, max_text=responses.MAX_TEXT,
                           about_someone_else=learner.id != current_user.id), status
