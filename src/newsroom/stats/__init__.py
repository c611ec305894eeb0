"""Interaction statistics: read every post's counts into an archive in git, draw a report.

`archive` (the snapshots, append-only JSON Lines), `schedule` (which posts are due),
`collect` (reading through the network adapters), `aggregate` (the numbers) and `report`
(plots, tables, CSV). Documented in docs/stats.md.
"""
