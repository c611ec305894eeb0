"""Bluesky's tests: its loopback contract (a real PDS on 127.0.0.1)."""
