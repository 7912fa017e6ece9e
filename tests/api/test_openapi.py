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


def test_if_match_and_etag_are_declared_on_the_reviewer_grant_routes(api):
    doc = api.get("/openapi.json").body
    grant = doc["paths"]["/manage/conferences/{slug}/travel-grants/{grant_id}"]
    headers = {p["name"]: p for p in grant["patch"]["parameters"] if p["in"] == "header"}
    assert set(headers) == {"If-Match"} and headers["If-Match"]["required"] is False
    assert "412" in headers["If-Match"]["description"] and "412" in grant["patch"]["responses"]
    for method in ("get", "patch"):
        assert "ETag" in grant[method]["responses"]["200"]["headers"], method


def test_signup_lists_conference_patch_and_ready_filter_are_documented(api):
    doc = api.get("/openapi.json").body
    assert "patch" in doc["paths"]["/manage/conferences/{slug}"]
    assert "get" in doc["paths"]["/conferences/{slug}/my/signups"]
    query = {p["name"] for p in doc["paths"]["/manage/conferences/{slug}/travel-grants"]["get"]["parameters"]}
    assert "ready" in query
    schemas = doc["components"]["schemas"]
    assert "waitlist_position" in schemas["SignupOut-Output"]["properties"] if "SignupOut-Output" in schemas \
        else "waitlist_position" in schemas["SignupOut"]["properties"]
    grant_out = schemas.get("GrantOut-Output") or schemas["GrantOut"]
    assert {"disbursed_amount", "disbursed_at"} <= set(grant_out["properties"])


def test_permissions_are_declared_once_for_every_client(api):
    """The `Permission` enum is the list the web app's own is type-checked against."""
    from chalicelib.auth import PERMISSIONS

    doc = api.get("/openapi.json").body
    declared = doc["components"]["schemas"]["Permission"]["enum"]
    assert declared == list(PERMISSIONS)
    used = {p for ops in doc["paths"].values() for op in ops.values() for p in op.get("x-permissions", [])}
    assert used == set(declared)  # every permission guards some operation, and none is undeclared
