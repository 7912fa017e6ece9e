"""The OpenAPI document covers every registered route and is a valid OpenAPI 3.1 document."""

from openapi_spec_validator import validate


def _app_routes(app_module):
    """Every operation; OPTIONS is each path's CORS preflight, not an API operation."""
    return {(path, method) for path, methods in app_module.app.routes.items() for method in methods
            if method != "OPTIONS"}


def test_every_route_is_documented(api, app_module):
    doc = api.get("/openapi.json").body
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    assert _app_routes(app_module) == documented
    assert all("OPTIONS" in methods for methods in app_module.app.routes.values())


def test_document_validates(api):
    validate(api.get("/openapi.json").body)


def test_operations_have_schemas_and_security(api, app_module):
    from chalicelib.api.routing import ROUTES

    doc = api.get("/openapi.json").body
    for spec in ROUTES:
        operation = doc["paths"][spec.path][spec.method.lower()]
        assert "security" in operation, spec.name
        if spec.body is not None:
            assert operation["requestBody"]["content"]["application/json"]["schema"], spec.name
        success = operation["responses"][str(spec.status)]
        if spec.response is not None and spec.status != 204:
            assert success["content"]["application/json"]["schema"], spec.name
        if spec.auth == "required":
            assert operation["security"] == [{"bearerAuth": []}]
            assert "401" in operation["responses"]
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
