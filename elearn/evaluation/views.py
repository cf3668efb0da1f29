"""Surveys for learners (reaction, behaviour) and mentors (behaviour of their mentees)."""

from flask import Blueprint

bp = Blueprint("evaluation", __name__)
