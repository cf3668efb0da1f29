"""Who may do what, by role. Whole areas (admin, mentoring) are guarded by their blueprint's
before_request; per-object rules live in each feature's scoped queries (`learners_visible_to`, ...)."""

from flask import Blueprint, abort
from flask_login import current_user

from elearn.accounts.models import Role
from elearn.core.extensions import login_manager


def can_preview_unpublished(user) -> bool:
    """Instructors and admins see unpublished courses, to check them before learners do."""
    return user.is_authenticated and user.has_role(Role.INSTRUCTOR, Role.ADMIN)


def guarded_blueprint(name: str, import_name: str, *allowed: Role) -> Blueprint:
    """A blueprint that only people holding one of `allowed` may enter: the guard is part of the
    blueprint, so no view in it can forget it. The route sweep reads `allowed_roles` to test it."""
    blueprint = Blueprint(name, import_name)
    blueprint.allowed_roles = frozenset(allowed)

    @blueprint.before_request
    def require_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.has_role(*allowed):
            abort(403)
        return None

    return blueprint
