"""Dispatch: problem lists and their loop, three-colour warnings, alerts, dispatch meetings.

May import: core, sheets, audit, accounts, registry and projects (their models, services and
selectors). Never imported by projects or registry; dashboards reads it through its selectors;
its siblings built on projects (targets, land, promotion) never import it, nor it them.
"""
