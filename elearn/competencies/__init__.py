"""Competency assessments (self and mentor), gaps against the job profile's required levels, course
recommendations, and the training-needs analysis built on the gaps. The dictionary itself is reference
data in elearn/dictionary/."""
