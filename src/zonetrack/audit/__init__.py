"""Change history of every domain record, and the tracked write helpers services use.

May import: core and sheets. It sits right above core, so that accounts (whose organisations
and memberships are recorded too) can use it: core ← audit ← accounts ← registry ← the other
domain apps. (The accounts User may be named under TYPE_CHECKING, to type actors.)
"""
