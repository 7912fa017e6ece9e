"""Ticket (pretix) responses."""

from .base import ResponseModel
from .grants import TicketOut


class TicketRetryOut(ResponseModel):
    """The grant's ticket after the retry (`failed` again carries pretix's answer)."""

    ticket: TicketOut | None


class PretixItemOut(ResponseModel):
    id: int
    name: str
    active: bool


class PretixItemsOut(ResponseModel):
    """The pretix event's products (the settings page's item picker)."""

    items: list[PretixItemOut]
