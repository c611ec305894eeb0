"""Facebook's tests: its loopback contract (the fake Graph API on 127.0.0.1)."""
