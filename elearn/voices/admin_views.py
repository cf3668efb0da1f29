"""Admin pages: proposals ranked by support, and citizen feedback by OPD and service area."""

from elearn.auth.models import Role
from elearn.auth.permissions import guarded_blueprint

bp = guarded_blueprint("admin_voices", __name__, Role.ADMIN)
