"""Logs never carry e-mail addresses or tokens, not even inside an exception's text or a
message's arguments (an SES rejection names its recipient)."""

from __future__ import annotations

import logging

from chalicelib.observability.logging import JsonFormatter, scrub, scrubbing_record_factory


class MessageRejected(Exception):
    pass


def _record(logger: str = "chalicelib.services.notify") -> logging.LogRecord:
    try:
        raise MessageRejected("Email address is not verified. The following identities failed the check: "
                              "grace.hopper@example.net")
    except MessageRejected:
        import sys

        exc_info = sys.exc_info()
    factory = scrubbing_record_factory(logging.LogRecord)
    return factory(logger, logging.ERROR, __file__, 1, "sending to %s failed (Bearer %s)",
                   ("ada@example.org", "eyJhbGciOi.eyJzdWIi.sig"), exc_info)


def test_scrub_masks_addresses_and_tokens():
    assert scrub("to grace@example.net, Bearer abc.def.ghi") == "to <email>, Bearer <token>"


def test_exception_text_and_arguments_are_scrubbed_in_every_format():
    for formatter in (JsonFormatter(), logging.Formatter("%(message)s")):
        text = formatter.format(_record())
        assert "@example" not in text and "eyJzdWIi" not in text, text
        assert "MessageRejected" in text and "<email>" in text


def test_the_factory_is_installed_for_every_logger():
    from chalicelib.observability.logging import configure

    configure({})
    record = logging.getLogger("botocore.anything").makeRecord(
        "botocore.anything", logging.ERROR, __file__, 1, "%s", ("x@y.org",), None)
    assert "x@y.org" not in record.getMessage()
