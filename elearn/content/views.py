"""Serving course images: immutable URLs named by content hash, cached for a year."""

from flask import Blueprint, Response, abort

from elearn.content.models import ContentImage
from elearn.core.extensions import db

bp = Blueprint("content", __name__)


@bp.get("/media/<string(length=64):digest>.<string(maxlength=5):extension>")
def media(digest: str, extension: str):
    image = db.session.get(ContentImage, digest)
    if image is None:
        abort(404)
    response = Response(image.data, mimetype=image.media_type)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    # An SVG opened directly must not run script or load anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
