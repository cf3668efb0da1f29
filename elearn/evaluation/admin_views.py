"""Admin pages: evaluation reports per course and per OPD, and OPD result figures (level 4)."""

from elearn.auth.models import Role
from elearn.auth.permissions import guarded_blueprint

bp = guarded_blueprint("admin_evaluation", __name__, Role.ADMIN)
