"""Dispatch: problem lists, three-colour warnings, alerts, dispatch meetings, the battle map.

May import: core, sheets, audit, accounts, registry and projects. Its siblings built on projects
(targets, land, promotion) never import it, nor it them.
"""
