"""Learner and mentor pages of the needs analysis: self-assessment, mentor assessment, recommendations."""

from flask import Blueprint

bp = Blueprint("competencies", __name__)
