"""Fixtures shared by the evaluation tests (the data set itself lives in evaluation_data.py)."""

from tests.evaluation.evaluation_data import catalogue, surveys  # noqa: F401  (shared fixtures)
