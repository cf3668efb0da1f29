"""Admin pages. The whole blueprint is guarded in one place, so no view can forget it."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from elearn.admin import services
from elearn.admin.forms import ROLE_LABELS, AccountForm, UnitForm
from elearn.auth.models import Role
from elearn.auth.services import AccountError, NewAccount, create_user, get_or_create_unit
from elearn.extensions import db, login_manager

bp = Blueprint("admin", __name__)


@bp.before_request
def require_admin():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role(Role.ADMIN):
        abort(403)
    return None


@bp.get("/")
def index():
    return redirect(url_for("admin.users"))


@bp.get("/users")
def users():
    query = request.args.get("q", "").strip()[:100]
    page = max(request.args.get("page", 1, type=int), 1)
    found, total = services.search_users(db.session, query, page)
    return render_template(
        "admin/users.html", users=found, total=total, query=query, page=page,
        per_page=services.USERS_PER_PAGE, role_labels=ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = AccountForm()
    form.unit_id.choices = services.unit_choices(db.session)
    form.regency_id.choices = services.regency_choices(db.session)
    if form.validate_on_submit():
        account = NewAccount(
            nip=form.nip.data, email=form.email.data, full_name=form.full_name.data,
            password=form.password.data, unit_id=form.unit_id.data,
            regency_id=form.regency_id.data, position=form.position.data,
            grade=form.grade.data, roles={Role(value) for value in form.roles.data},
        )
        try:
            user = create_user(db.session, account)
        except AccountError as error:
            for name, message in error.problems.items():
                form[name].errors.append(message)
        else:
            db.session.commit()
            flash(_("The account for %(name)s has been created.", name=user.full_name), "ok")
            return redirect(url_for("admin.users", q=user.nip))
    return render_template("admin/user_form.html", form=form)


@bp.route("/units", methods=["GET", "POST"])
def units():
    form = UnitForm()
    if form.validate_on_submit():
        get_or_create_unit(db.session, form.name.data)
        db.session.commit()
        flash(_("The unit has been saved."), "ok")
        return redirect(url_for("admin.units"))
    return render_template(
        "admin/units.html", form=form, units=services.units_with_member_counts(db.session)
    )
