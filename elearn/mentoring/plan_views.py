"""Action plan pages: the learner writes and follows their plans; the mentor agrees, asks for changes
and records the observation. Learners load only their own plans; mentors only their mentees'."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired

from elearn.accounts.models import User
from elearn.content.models import Course
from elearn.content.visibility import visible_course
from elearn.core.extensions import db, utcnow
from elearn.core.forms import validate_all
from elearn.core.web import site_settings
from elearn.mentoring import plans

bp = Blueprint("plans", __name__)

PLAN_STATUS_LABELS = {
    "submitted": _l("Waiting for your mentor"),
    "agreed": _l("Agreed"),
    "changes_requested": _l("Changes requested"),
    "observed": _l("Observed"),
}
PLAN_EVENT_LABELS = {
    "written": _l("Wrote the plan"),
    "revised": _l("Revised the plan"),
    "agreed": _l("Agreed to the plan"),
    "changes_requested": _l("Asked for changes"),
    "observed": _l("Recorded the observation"),
}
APPLIED_LABELS = {
    "fully": _l("Applied fully"),
    "partly": _l("Applied in part"),
    "not_yet": _l("Not applied yet"),
}


@bp.app_context_processor
def plan_labels():
    return {"plan_status_labels": PLAN_STATUS_LABELS, "plan_event_labels": PLAN_EVENT_LABELS,
            "applied_labels": APPLIED_LABELS}


class PlanForm(FlaskForm):
    """Parses only; the plan rules (lengths, dates) are the service's, checked with the date in one round."""

    what = TextAreaField(_l("What will you apply at work?"))
    how = TextAreaField(_l("How will you apply it?"))
    due_on = DateField(
        _l("By when will you have applied it?"),
        validators=[InputRequired(message=_l("Choose the date by which you will have applied it."))],
        invalid_value_message=_l("Enter the date as year-month-day, for example 2026-08-17."),
    )


class AgreeForm(FlaskForm):
    note = TextAreaField(_l("A note for the learner (optional)"))


class ChangesForm(FlaskForm):
    note = TextAreaField(_l("What should the learner change?"))


class ObservationForm(FlaskForm):
    applied = RadioField(_l("Is the plan applied at work?"), validate_choice=False,
                         choices=[SelectChoice(value, label) for value, label in APPLIED_LABELS.items()])
    observation = TextAreaField(_l("What did you observe?"))


def _attach_problems(form: FlaskForm, error: plans.PlanError) -> bool:
    """Put each problem on its field and return True, so the form is shown again with what was typed.
    A problem with the plan itself means it moved on meanwhile: flash it, and return False to reload."""
    if "plan" in error.problems:
        flash(error.problems["plan"], "error")
        return False
    for name, message in error.problems.items():
        form[name].errors.append(message)
    return True


@bp.route("/courses/<slug>/action-plan", methods=["GET", "POST"])
@login_required
def write(slug: str):
    course = visible_course(db.session, current_user, slug) or abort(404)
    plan = plans.latest_plan(db.session, current_user.id, course.id)
    refusal = plans.writing_refusal(plans.has_completed(db.session, current_user.id, course.id), plan)
    form = PlanForm(obj=plan if plan is not None and plan.status == "changes_requested" else None)
    today = site_settings().local_date(utcnow())
    if refusal is None and validate_all(form, lambda: plans.plan_problems(
            form.what.data or "", form.how.data or "", form.due_on.data, today)):
        try:
            plan = plans.write_plan(db.session, current_user.id, course.id, form.what.data, form.how.data,
                                    form.due_on.data, utcnow(), settings=site_settings())
        except plans.PlanError as error:
            if not _attach_problems(form, error):
                return redirect(url_for("plans.write", slug=slug))
        else:
            flash(_("Your action plan has been sent to your mentor."), "ok")
            return redirect(url_for("plans.my_plan", plan_id=plan.id))
    return render_template(
        "mentoring/plans/write.html", course=course, plan=plan, refusal=refusal, form=form,
        history=plans.plan_history(db.session, plan.id) if plan is not None else [],
    )


@bp.get("/action-plans")
@login_required
def my_plans():
    entries = plans.plans_of_learner(db.session, current_user.id)
    histories = plans.plan_histories(db.session, [entry.plan.id for entry in entries])
    return render_template("mentoring/plans/list.html", entries=entries, histories=histories)


@bp.get("/action-plans/<int:plan_id>")
@login_required
def my_plan(plan_id: int):
    plan = plans.plan_for_learner(db.session, plan_id, current_user.id) or abort(404)
    return render_template(
        "mentoring/plans/plan.html", plan=plan, course=db.session.get(Course, plan.course_id),
        history=plans.plan_history(db.session, plan.id),
    )


def _plan_for_mentor_or_404(plan_id: int):
    return plans.plan_for_mentor(db.session, plan_id, current_user) or abort(404)


def _mentor_page(plan, **forms):
    """The mentor's view of one plan; a form that failed is passed in so it keeps what was typed."""
    blank = {"agree_form": AgreeForm(prefix="agree", formdata=None),
             "changes_form": ChangesForm(prefix="changes", formdata=None),
             "observation_form": ObservationForm(prefix="observe", formdata=None)}
    return render_template(
        "mentoring/plans/mentor.html", plan=plan, learner=db.session.get(User, plan.learner_id),
        course=db.session.get(Course, plan.course_id), history=plans.plan_history(db.session, plan.id),
        observation_opens_on=plans.observation_opens_on(plan),
        observation_open=site_settings().local_date(utcnow()) >= plans.observation_opens_on(plan),
        **(blank | forms),
    )


def _mentor_step(plan, form_name: str, form: FlaskForm, step, done_message: str):
    """Run one mentor step from its form: commit and go back to the plan, or show what to correct."""
    if form.validate_on_submit():
        try:
            step()
        except plans.PlanError as error:
            if not _attach_problems(form, error):
                return redirect(url_for("plans.mentor_plan", plan_id=plan.id))
        else:
            flash(done_message, "ok")
            return redirect(url_for("plans.mentor_plan", plan_id=plan.id))
    return _mentor_page(plan, **{form_name: form})


@bp.get("/mentor/action-plans/<int:plan_id>")
@login_required
def mentor_plan(plan_id: int):
    return _mentor_page(_plan_for_mentor_or_404(plan_id))


@bp.post("/mentor/action-plans/<int:plan_id>/agree")
@login_required
def agree(plan_id: int):
    plan, form = _plan_for_mentor_or_404(plan_id), AgreeForm(prefix="agree")
    return _mentor_step(plan, "agree_form", form, lambda: plans.agree(
        db.session, plan, current_user.id, form.note.data, utcnow()), _("You agreed to the plan."))


@bp.post("/mentor/action-plans/<int:plan_id>/changes")
@login_required
def request_changes(plan_id: int):
    plan, form = _plan_for_mentor_or_404(plan_id), ChangesForm(prefix="changes")
    return _mentor_step(plan, "changes_form", form, lambda: plans.request_changes(
        db.session, plan, current_user.id, form.note.data, utcnow()),
        _("The learner has been asked to change the plan."))


@bp.post("/mentor/action-plans/<int:plan_id>/observe")
@login_required
def observe(plan_id: int):
    plan, form = _plan_for_mentor_or_404(plan_id), ObservationForm(prefix="observe")
    return _mentor_step(plan, "observation_form", form, lambda: plans.record_observation(
        db.session, plan, current_user.id, form.observation.data, form.applied.data, utcnow(),
        settings=site_settings()),
        _("The observation has been recorded."))
