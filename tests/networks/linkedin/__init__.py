"""LinkedIn's tests: its loopback contract (the fake Posts API on 127.0.0.1)."""
