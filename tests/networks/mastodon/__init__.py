"""Mastodon's tests: its loopback contract (mastodon-mock on 127.0.0.1)."""
