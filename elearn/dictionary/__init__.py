"""The competency dictionary (reference data): competencies, job profiles and what each requires."""
