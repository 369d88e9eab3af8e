"""Dispatch: problem lists and their loop, three-colour warnings, its alert conditions,
dispatch meetings.

May import: core, sheets, audit, accounts, notices, registry and projects (their models,
services and selectors; notices delivers its alerts). Never imported by projects or registry;
dashboards reads it through its selectors; its siblings built on projects (targets, land,
promotion) never import it, nor it them.
"""
