"""The competency dictionary (SKJ, PermenPANRB 38/2017), job profiles with their required levels,
self- and mentor assessments, and the training-needs analysis built on their gaps."""
