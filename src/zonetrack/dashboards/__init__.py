"""Overview pages; no models: the home page, a zone's battle map, a leader's page. Reads from
the other apps through their selectors.

May import: core, sheets, audit, accounts, notices, registry, projects, dispatch, targets,
rankings, land, promotion and articles.
Nothing imports it; it adds its links to other apps' pages through core's link registry.
"""
