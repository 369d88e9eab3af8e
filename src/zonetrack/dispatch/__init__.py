"""Dispatch: problem lists and their loop, three-colour warnings, alerts, dispatch meetings.

May import: core, accounts, audit, registry, projects (their models, services, selectors).
Never imported by projects or registry; dashboards reads it through its selectors."""
