"""Targets: the indicator catalogue, annual targets decomposed down the tree, reporting windows,
reported statistics and the progress page (目标考核: 可量化、可监测、可考核).

May import: core, sheets, audit, accounts, notices, registry and projects (their models,
services and selectors; notices delivers its alerts). Never imported by projects or registry;
never imports dispatch, nor dispatch it.
"""
