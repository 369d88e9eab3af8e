"""Rankings (龙虎榜): evaluation schemes (考核办法) with weighted, scored items, and frozen,
explained, versioned rankings of organisations computed from the targets app's values.

May import: core, sheets, audit, accounts, notices, registry, projects and targets (their
models, services and selectors). Nothing imports rankings but api. The values of targets are
read through one adapter, ``rankings.inputs``; a publication is announced through
``rankings.notify``, which hands the notices app one condition per ranked organisation.
"""
