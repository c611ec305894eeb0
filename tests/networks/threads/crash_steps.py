"""How Threads publishes in two steps, for the crash harness (tests/syndication/crashing.py):
the Graph API edge that makes a media container (`POST /me/threads`, published by
`POST /me/threads_publish`) and the field and value of a container that is ready."""

CONTAINER_EDGE = "threads"
READY = ("status", "FINISHED")
