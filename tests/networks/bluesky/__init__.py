"""Bluesky's tests: its loopback contract (a real PDS on 127.0.0.1)."""

# The short domain its apps and handles use: a word that names it in a test (the guard
# tests/test_networks_named_in_one_folder.py looks for it outside this folder).
ALSO_NAMED = ("bsky",)
