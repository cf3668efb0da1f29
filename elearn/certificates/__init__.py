"""The JP ledger (hours of competency development per learner and year) and course certificates
with their public verification."""
