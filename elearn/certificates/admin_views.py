"""Admin pages: certificates (search, revoke) and who is below the yearly JP target."""

from elearn.auth.models import Role
from elearn.auth.permissions import guarded_blueprint

bp = guarded_blueprint("admin_certificates", __name__, Role.ADMIN)
