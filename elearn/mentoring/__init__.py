"""Mentoring: who mentors whom, the mentor's dashboard and review queue, essay grading, feedback,
notifications, and the action plans that follow a course."""
