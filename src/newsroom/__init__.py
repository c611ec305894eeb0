"""Newsroom: publish once on the institution's site, syndicate everywhere, one link per item."""

__version__ = "0.1.0"
