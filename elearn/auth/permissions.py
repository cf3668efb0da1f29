"""Who may do what: the decorators and scoped queries that every view goes through."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from elearn.auth.models import Role


def role_required(*roles: Role):
    """Let the view run only for a signed-in user holding one of `roles` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_preview_unpublished(user) -> bool:
    """Instructors and admins see unpublished courses, to check them before learners do."""
    return user.is_authenticated and user.has_role(Role.INSTRUCTOR, Role.ADMIN)
