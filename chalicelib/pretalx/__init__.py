"""pretalx layer."""
