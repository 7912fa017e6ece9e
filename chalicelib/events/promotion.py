"""Waitlist promotion from the table stream (filled in by the activities issue)."""
