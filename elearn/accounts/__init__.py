"""Accounts and reference data about people: users, roles, units (OPD), regencies, who mentors whom,
and the permission checks every view uses."""
