"""Mentoring: the mentor's dashboard and mentee page, the review queue and essay grading, and the action
plans that follow a course. Who mentors whom is in accounts/mentorships.py."""
