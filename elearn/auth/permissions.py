"""Who may do what, by role. Whole areas (admin, mentoring) are guarded by their blueprint's
before_request; per-object rules live in each feature's scoped queries (`learners_visible_to`, ...)."""

from elearn.auth.models import Role


def can_preview_unpublished(user) -> bool:
    """Instructors and admins see unpublished courses, to check them before learners do."""
    return user.is_authenticated and user.has_role(Role.INSTRUCTOR, Role.ADMIN)
