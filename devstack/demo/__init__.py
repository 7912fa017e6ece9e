"""The demo conference for `make run`: its data, written through the services, and its Pretalx schedule."""
