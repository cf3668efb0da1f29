"""Accounts, roles and sign-in; the permission helpers every view uses live in permissions.py."""
