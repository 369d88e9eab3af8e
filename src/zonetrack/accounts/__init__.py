"""Organisations, users, memberships and roles, and the access gate. Depends on core and audit."""
