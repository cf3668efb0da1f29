"""Content sync: reads content/ and drives every feature's importer (courses, quizzes, surveys and the
competency dictionary)."""
