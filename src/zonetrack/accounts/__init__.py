"""Organisations, users, memberships and roles, and the access gate.

May import: core, sheets and audit. Every domain app above it may import it.
"""
