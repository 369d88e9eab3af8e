"""Overview pages; no models. Reads from the other apps through their selectors.

May import: core, sheets, audit, accounts, registry, projects, dispatch and articles. Nothing
imports it.
"""
