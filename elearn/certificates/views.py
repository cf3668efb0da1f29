"""The learner's JP ledger and certificates, and the public certificate verification page."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)
verification_bp = Blueprint("verification", __name__)
