"""The agency's needs-analysis report: competency gaps by OPD, regency and competency, with CSV."""

from elearn.auth.models import Role
from elearn.auth.permissions import guarded_blueprint

bp = guarded_blueprint("admin_needs", __name__, Role.ADMIN)
