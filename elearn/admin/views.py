"""Admin pages. The whole blueprint is guarded in one place, so no view can forget it."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from elearn.accounts.models import Role
from elearn.accounts.permissions import guarded_blueprint
from elearn.accounts.services import (
    NewAccount,
    account_problems,
    create_user,
    get_or_create_unit,
    regency_choices,
    unit_choices,
    unit_problems,
    units_with_member_counts,
)
from elearn.admin import services
from elearn.admin.forms import (
    ROLE_LABELS,
    AccountForm,
    AssignMentorForm,
    AssignmentUploadForm,
    ConfirmAssignmentsForm,
    EndAssignmentForm,
    UnitForm,
)
from elearn.core.extensions import db, utcnow
from elearn.core.forms import validate_all
from elearn.core.web import search_arguments
from elearn.mentoring import services as mentoring
from elearn.mentoring.assignment_import import AssignmentPreview

ROLE_VALUES = {role.value for role in Role}
bp = guarded_blueprint("admin", __name__, Role.ADMIN)


@bp.get("/")
def index():
    return redirect(url_for("admin.users"))


@bp.get("/users")
def users():
    query, page = search_arguments()
    found, total = services.search_users(db.session, query, page)
    return render_template(
        "admin/users.html", users=found, total=total, query=query, page=page,
        per_page=services.USERS_PER_PAGE, role_labels=ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = AccountForm()
    form.unit_id.choices = unit_choices(db.session)
    form.regency_id.choices = regency_choices(db.session)
    account = NewAccount(
        nip=form.nip.data or "", email=form.email.data or "", full_name=form.full_name.data or "",
        password=form.password.data or "", unit_id=form.unit_id.data, regency_id=form.regency_id.data,
        position=form.position.data or "", grade=form.grade.data,
        roles={Role(value) for value in form.roles.data or () if value in ROLE_VALUES},
    )
    if validate_all(form, lambda: account_problems(db.session, account)):
        user = create_user(db.session, account)
        flash(_("The account for %(name)s has been created.", name=user.full_name), "ok")
        return redirect(url_for("admin.users", q=user.nip))
    return render_template("admin/user_form.html", form=form)


@bp.route("/units", methods=["GET", "POST"])
def units():
    form = UnitForm()
    if validate_all(form, lambda: unit_problems(db.session, form.name.data or "")):
        get_or_create_unit(db.session, form.name.data)
        flash(_("The unit has been saved."), "ok")
        return redirect(url_for("admin.units"))
    return render_template(
        "admin/units.html", form=form, units=units_with_member_counts(db.session)
    )


@bp.route("/assignments", methods=["GET", "POST"])
def assignments():
    form = AssignMentorForm()
    preview = (services.check_pair(db.session, form.mentor_nip.data or "", form.mentee_nip.data or "")
               if form.is_submitted() else None)
    if validate_all(form, lambda: services.pair_problems(preview)):
        row = services.save_pair(db.session, preview, current_user.id, utcnow())
        names = {"mentor": row.mentor.full_name, "mentee": row.mentee.full_name}
        if row.already_assigned:
            flash(_("%(mentor)s already mentors %(mentee)s; nothing has changed.", **names), "info")
        else:
            flash(_("%(mentor)s now mentors %(mentee)s.", **names), "ok")
        return redirect(url_for("admin.assignments", q=row.mentee_nip))
    return _assignments_page(form, AssignmentUploadForm(formdata=None))


def _assignments_page(assign_form: AssignMentorForm, upload_form: AssignmentUploadForm):
    query, page = search_arguments()
    found, total = services.search_assignments(db.session, query, page)
    return render_template(
        "admin/assignments.html", assignments=found, total=total, query=query, page=page,
        per_page=services.ASSIGNMENTS_PER_PAGE, assign_form=assign_form, upload_form=upload_form,
    )


@bp.post("/assignments/upload")
def upload_assignments():
    upload_form = AssignmentUploadForm()
    if not upload_form.validate_on_submit():
        return _assignments_page(AssignMentorForm(formdata=None), upload_form)
    return _preview_page(services.preview_upload(db.session, upload_form.csv_file.data.read()))


def _preview_page(preview: AssignmentPreview):
    checked_rows = [(row.row, row.mentor_nip, row.mentee_nip) for row in preview.to_create]
    return render_template(
        "admin/assignment_preview.html", preview=preview,
        confirm_form=ConfirmAssignmentsForm(formdata=None, rows=checked_rows),
        upload_form=AssignmentUploadForm(formdata=None),
    )


@bp.post("/assignments/confirm")
def confirm_assignments():
    form = ConfirmAssignmentsForm()
    if not form.validate_on_submit():
        flash(_("Nothing has been saved, because the rows to save were missing or damaged. "
                "Upload the file again."), "error")
        return redirect(url_for("admin.assignments"))
    preview, saved = services.save_checked_rows(db.session, form.rows.data, current_user.id, utcnow())
    if saved is None:
        flash(_("Nothing has been saved, because accounts or assignments changed after the check. "
                "Look at the rows again."), "error")
        return _preview_page(preview)
    flash(ngettext("%(num)s assignment has been saved.", "%(num)s assignments have been saved.", saved), "ok")
    return redirect(url_for("admin.assignments"))


@bp.post("/assignments/end")
def end_assignment():
    form = EndAssignmentForm()
    if not form.validate_on_submit():
        abort(400)
    if mentoring.end_assignment(db.session, form.assignment_id.data, utcnow()) is None:
        abort(404)
    flash(_("The assignment has ended. It stays in the mentee's history."), "ok")
    query, page = search_arguments()
    return redirect(url_for("admin.assignments", q=query, page=page))
