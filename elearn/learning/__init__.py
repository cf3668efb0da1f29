"""What a learner does: the catalog, enrolment, reading modules, progress and the home page."""
