"""Promotion (招商): leads from first contact to a signed project, with their interactions,
source channels and origin regions, and the alerts of overdue next actions.

May import: core, sheets, audit, accounts, notices, registry and projects (their models,
services and selectors). Never imported by projects or registry; never imports dispatch,
targets or land.
"""
