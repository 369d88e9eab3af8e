"""Rankings (龙虎榜): evaluation schemes (考核办法) with weighted, scored items, and frozen,
explained, versioned rankings of organisations computed from the targets app's values.

May import: core, sheets, audit, accounts, registry, projects and targets (their models,
services and selectors). Nothing imports rankings but api. The values of
targets are read through one adapter, ``rankings.inputs``; in-app notices are raised through
``rankings.notify``.
"""
