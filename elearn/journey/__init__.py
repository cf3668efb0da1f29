"""The learner's way through a course: the next step, the course page and the learner home."""
