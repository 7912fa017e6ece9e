"""E-mail notifications from the table stream (filled in by the travel-grant issue)."""
