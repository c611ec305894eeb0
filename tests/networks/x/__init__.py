"""X's tests: its loopback contract (the fake X API on 127.0.0.1)."""
