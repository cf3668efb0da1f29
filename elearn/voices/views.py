"""Training-topic proposals for signed-in ASN, and the public citizen feedback page."""

from flask import Blueprint

bp = Blueprint("voices", __name__)
citizen_bp = Blueprint("citizen", __name__)
