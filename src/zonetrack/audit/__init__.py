"""Change history of every domain record, and the tracked write helpers services use.

Depends on core and accounts.
"""
