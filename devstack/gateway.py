"""Chalice's local API Gateway emulation, answering like our deployed gateway does.

Deployed, API Gateway's MISSING_AUTHENTICATION_TOKEN response (unknown route or method)
is mapped to a 404 in the API's error shape (see infra/); this gives `chalice local` and
`chalice.test.Client` the same answer instead of Chalice's 403. CORS preflights go to
the app's own OPTIONS routes, as they do deployed.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from chalice.config import Config
from chalice.local import ChaliceRequestHandler, CustomLocalChalice, LocalChalice, LocalDevServer, LocalGateway

from . import dev_routes

NOT_FOUND_BODY = json.dumps({"error": {"code": "not_found", "message": "No such route."}})


class ContractGateway(LocalGateway):
    def handle_request(self, method: str, path: str, headers: Any, body: bytes | None) -> dict[str, Any]:
        if dev_routes.handles(path):  # the web app's local sign-in (never in the Lambda app)
            return dev_routes.handle(method, path, headers, body)
        try:
            self.event_converter._route_matcher.match_route(path)
        except ValueError:
            return {"statusCode": 404, "headers": {"Content-Type": "application/json"},
                    "multiValueHeaders": {}, "body": NOT_FOUND_BODY}
        return super().handle_request(method, path, headers, body)


class ContractRequestHandler(ChaliceRequestHandler):
    def __init__(self, request: bytes, client_address: Any, server: Any, app_object: Any, config: Config) -> None:
        self.local_gateway = ContractGateway(app_object, config)
        super(ChaliceRequestHandler, self).__init__(request, client_address, server)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the stack prints its own summary lines."""


def local_config() -> Config:
    return Config.create(chalice_stage="local", app_name="conference-grants")


def make_server(app: Any, host: str, port: int) -> LocalDevServer:
    """A threaded HTTP server running the Chalice app object as chalice local does."""
    if not isinstance(app, LocalChalice):
        # What `chalice local` does: make `current_request` per thread for the threaded server.
        CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
        app.__class__ = CustomLocalChalice
    return LocalDevServer(app, local_config(), host, port, handler_cls=partial(ContractRequestHandler))


def use_contract_gateway(client: Any, app: Any) -> Any:
    """Give a chalice.test.Client the same gateway behaviour (tests)."""
    client.http._local_gateway = ContractGateway(app, local_config())
    return client
