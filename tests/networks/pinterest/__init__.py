"""Pinterest: its contract fake, loopback contract and tests."""
