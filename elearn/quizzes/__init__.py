"""Quizzes: question types (parse, show, grade), quiz files, attempts that survive bad connections,
server-side grading and results."""
