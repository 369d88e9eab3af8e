"""Change history of every domain record, and the tracked write helpers services use.

Depends on core only, so that accounts (whose organisations and memberships are recorded too)
can use it: core ← audit ← accounts ← registry ← the other domain apps.
"""
