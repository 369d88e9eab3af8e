"""Overview pages; no models: the home page, a zone's battle map, a leader's page.

May import: core, accounts, registry, projects, dispatch (their models, selectors, choices).
Nothing imports dashboards; it adds its links to other apps' pages through core's registry."""
