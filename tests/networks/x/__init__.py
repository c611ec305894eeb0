"""X's tests: its loopback contract (the fake X API on 127.0.0.1)."""

# What the network was called before, and its posts: words that name it in a test (the guard
# tests/test_networks_named_in_one_folder.py looks for them outside this folder).
ALSO_NAMED = ("twitter", "tweet")
