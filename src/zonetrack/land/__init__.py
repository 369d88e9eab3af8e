"""Land: parcels and their status history (储备 → 标准地 → 出让中 → 已供, 闲置, 低效), their
geometry and area, and the parcel ledger's import and export; the standard-land commitment
ledger, its checks and follow-ups, announced through notices.

May import: core, sheets, audit, accounts, notices, registry and projects (their models,
services and selectors). Never imported by projects or registry; never imports dispatch or targets.
"""
