from botocore.exceptions import ClientError, EndpointConnectionError

from chalicelib.api.failures import is_retryable, to_api_error
from chalicelib.errors import (
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    Unauthorized,
    Unavailable,
    UpstreamFailed,
    ValidationFailed,
    VersionConflict,
)


def _client_error(code):
    return ClientError({"Error": {"Code": code, "Message": "x"}}, "PutItem")


def test_throttling_becomes_503_with_retry_after():
    error = to_api_error(_client_error("ProvisionedThroughputExceededException"))
    assert error.status == 503 and error.code == "service_unavailable"
    assert error.headers["Retry-After"] == "1"


def test_wrapped_pynamodb_errors_are_unwrapped():
    class Wrapped(Exception):
        cause_response_code = "ThrottlingException"

    assert is_retryable(Wrapped())
    outer = RuntimeError("outer")
    outer.__cause__ = _client_error("TransactionConflictException")
    assert is_retryable(outer)


def test_connection_errors_are_retryable():
    assert to_api_error(EndpointConnectionError(endpoint_url="http://x")).status == 503


def test_unknown_errors_are_500_without_details():
    error = to_api_error(KeyError("secret detail"))
    assert error.status == 500 and error.code == "internal_error"
    assert "secret" not in str(error.body())


def test_domain_errors_become_http_answers_in_the_api_layer_only():
    conflict = Conflict("Already.", code="already_signed_up", extra={"signup": {"id": "1"}})
    assert not hasattr(conflict, "status") and not hasattr(conflict, "headers")  # the domain knows no HTTP
    answer = to_api_error(conflict)
    assert answer.status == 409
    assert answer.body() == {"error": {"code": "already_signed_up", "message": "Already."}, "signup": {"id": "1"}}
    statuses = {kind: to_api_error(kind("x")).status for kind in (NotFound, Forbidden, Unauthorized, Conflict,
                                                                   VersionConflict, UpstreamFailed, Unavailable)}
    assert statuses == {NotFound: 404, Forbidden: 403, Unauthorized: 401, Conflict: 409, VersionConflict: 412,
                        UpstreamFailed: 502, Unavailable: 503}
    assert to_api_error(ValidationFailed({"name": ["required"]})).status == 422
    assert to_api_error(Unavailable(retry_after=3)).headers == {"Retry-After": "3"}
    assert ValidationFailed({"name": ["required"]}).body()["error"]["fields"] == {"name": ["required"]}
    assert DomainError().body() == {"error": {"code": "bad_request", "message": "The request could not be processed."}}


def _cancelled(*codes):
    return ClientError({"Error": {"Code": "TransactionCanceledException", "Message": "x"},
                        "CancellationReasons": [{"Code": c} for c in codes]}, "TransactWriteItems")


def test_a_transaction_still_contended_after_the_retries_is_a_503_but_a_refusal_is_not():
    assert to_api_error(_cancelled("None", "TransactionConflict")).status == 503
    assert to_api_error(_cancelled("ThrottlingError", "None")).status == 503
    assert not is_retryable(_cancelled("ConditionalCheckFailed", "TransactionConflict"))
    assert not is_retryable(_cancelled("None", "ValidationError"))
