"""Threads' tests: its loopback contract (the fake Threads API on 127.0.0.1)."""
