"""How Instagram publishes in two steps, for the crash harness (tests/syndication/crashing.py):
the Graph API edge that makes a media container (`POST /{ig-user-id}/media`, published by
`POST /{ig-user-id}/media_publish`) and the field and value of a container that is ready."""

CONTAINER_EDGE = "media"
READY = ("status_code", "FINISHED")
