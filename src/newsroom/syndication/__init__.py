"""The syndication engine: route each published item to accounts, compose, space, post once.

Modules, one concern each: `rules` (how each network counts and what it costs), `routing`
(which accounts take an item, and why not), `compose` (the exact text of a post), `ledger`
(what was sent, in git), `queue` (spacing and what waits), `engine` (a publishing run),
`preview` (the Markdown shown on pull requests) and `checks` (the social-text rules `check`
runs on items). Nothing here imports a network SDK: posts go through the adapters of
`newsroom.networks`.
"""
