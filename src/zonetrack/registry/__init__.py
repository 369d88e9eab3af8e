"""Zone registry: regions, zones and parks.

May import: core, sheets, audit and accounts. Never projects, dispatch or the apps built on them:
what a zone page shows of them comes through a registration hook.
"""
