"""Evaluation at four levels (reaction, learning, behaviour, results), the per-course and per-OPD
evaluation reports with their flagged topics, and remedial recommendations after a weak post-test."""
