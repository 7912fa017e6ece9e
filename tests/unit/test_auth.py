"""Token verification: HS256 locally, RS256 against a JWKS served over HTTP."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.auth import Principal, TokenVerifier, mint_dev_token, permissions_from_claims
from chalicelib.config import load_settings
from chalicelib.errors import Unauthorized

SECRET = "unit-test-secret-0123456789-abcdefghij"
LOCAL = load_settings({"STAGE": "local", "AUTH_DEV_SECRET": SECRET})


def test_good_local_token():
    token = mint_dev_token(SECRET, "alice", name="Alice", email="a@example.com", permissions=["manage_activity"])
    principal = TokenVerifier(LOCAL).verify(f"Bearer {token}")
    assert principal == Principal("alice", "a@example.com", "Alice", frozenset({"manage_activity"}),
                                  email_verified=True)
    assert principal.contact_email == "a@example.com"


def test_an_unverified_email_is_kept_but_is_no_contact_address():
    token = mint_dev_token(SECRET, "alice", email="boss@example.com", email_verified=False)
    principal = TokenVerifier(LOCAL).verify(f"Bearer {token}")
    assert principal.email == "boss@example.com" and principal.email_verified is False
    assert principal.contact_email == ""


@pytest.mark.parametrize(("value", "verified"), [(True, True), ("true", True), ("TRUE", True), (False, False),
                                                 ("false", False), (None, False), (1, False), ("yes", False)])
def test_email_verified_claim(value, verified):
    claims = {"sub": "alice", "email": "a@example.com", "exp": int(time.time()) + 60}
    if value is not None:
        claims["email_verified"] = value
    principal = TokenVerifier(LOCAL).verify("Bearer " + jwt.encode(claims, SECRET, algorithm="HS256"))
    assert principal.email_verified is verified


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic abc", "Token x", "Bearer not.a.jwt"])
def test_missing_or_malformed(header):
    with pytest.raises(Unauthorized):
        TokenVerifier(LOCAL).verify(header)


def test_wrong_secret():
    token = mint_dev_token("another-secret-0123456789-abcdefghijk", "alice")
    with pytest.raises(Unauthorized):
        TokenVerifier(LOCAL).verify(f"Bearer {token}")


def test_expired():
    token = mint_dev_token(SECRET, "alice", ttl_seconds=60, now=time.time() - 3600)
    with pytest.raises(Unauthorized, match="expired"):
        TokenVerifier(LOCAL).verify(f"Bearer {token}")


@pytest.mark.parametrize("drop", ["sub", "exp"])
def test_missing_claims(drop):
    claims = {"sub": "alice", "exp": int(time.time()) + 60}
    claims.pop(drop)
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized):
        TokenVerifier(LOCAL).verify(f"Bearer {token}")


def test_blank_subject():
    token = jwt.encode({"sub": "  ", "exp": int(time.time()) + 60}, SECRET, algorithm="HS256")
    with pytest.raises(Unauthorized):
        TokenVerifier(LOCAL).verify(f"Bearer {token}")


def test_alg_none_is_refused():
    token = jwt.encode({"sub": "alice", "exp": int(time.time()) + 60}, None, algorithm="none")
    with pytest.raises(Unauthorized):
        TokenVerifier(LOCAL).verify(f"Bearer {token}")


def test_permissions_from_both_claims_and_implied():
    perms = permissions_from_claims({
        "permissions": ["manage_activity", "not_a_permission"],
        "cognito:groups": ["review_travel_grant", "admins"],
    })
    assert perms == {"manage_activity", "review_travel_grant", "view_travel_grant"}
    assert permissions_from_claims({"permissions": "manage_conference review_receipt"}) == {
        "manage_conference", "review_receipt"}
    assert permissions_from_claims({"permissions": 42}) == frozenset()


# --- RS256 with a JWKS served by a local HTTP server -----------------------------------

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test"
AUDIENCE = "frontend-client"


@pytest.fixture(scope="module")
def rsa_keys():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048), \
        rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_server(rsa_keys):
    good, _ = rsa_keys
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(good.public_key()))
    jwk.update({"kid": "key-1", "alg": "RS256", "use": "sig"})
    body = json.dumps({"keys": [jwk]}).encode()
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json", hits
    server.shutdown()


def _deployed(jwks_url):
    return load_settings({"STAGE": "prod", "AUTH_ISSUER": ISSUER, "AUTH_AUDIENCE": AUDIENCE, "AUTH_JWKS_URL": jwks_url})


def _rs256(key, kid="key-1", **claims):
    payload = {"sub": "bob", "iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 300,
               "cognito:groups": ["review_receipt"], **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def test_rs256_good_token_and_keys_cached(rsa_keys, jwks_server):
    url, hits = jwks_server
    verifier = TokenVerifier(_deployed(url))
    before = len(hits)
    for _ in range(3):
        principal = verifier.verify("Bearer " + _rs256(rsa_keys[0]))
        assert principal.sub == "bob" and principal.has("review_receipt")
    assert len(hits) - before == 1  # fetched once, then cached


@pytest.mark.parametrize("claims", [{"iss": "https://evil.example"}, {"aud": "someone-else"},
                                    {"exp": int(time.time()) - 600}])
def test_rs256_wrong_issuer_audience_or_expired(rsa_keys, jwks_server, claims):
    with pytest.raises(Unauthorized):
        TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + _rs256(rsa_keys[0], **claims))


def test_rs256_id_token_for_another_app_client_of_the_pool_is_401(rsa_keys, jwks_server):
    """Same pool, same keys, same issuer: only the audience tells our client's tokens apart."""
    with pytest.raises(Unauthorized, match="not valid"):
        TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + _rs256(rsa_keys[0], aud="another-app-client"))
    with pytest.raises(Unauthorized, match="not valid"):
        TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + _rs256(rsa_keys[0], aud=[AUDIENCE + "x"]))


def test_rs256_id_token_carries_email_verified(rsa_keys, jwks_server):
    verifier = TokenVerifier(_deployed(jwks_server[0]))
    verified = verifier.verify("Bearer " + _rs256(rsa_keys[0], email="b@example.com", email_verified=True))
    unverified = verifier.verify("Bearer " + _rs256(rsa_keys[0], email="b@example.com", email_verified=False))
    assert (verified.contact_email, unverified.contact_email) == ("b@example.com", "")


@pytest.mark.parametrize("missing", ["AUTH_AUDIENCE", "AUTH_ISSUER"])
def test_rs256_stage_without_audience_or_issuer_refuses_every_token(rsa_keys, jwks_server, missing, caplog):
    """Fails closed: every request is 401 and the cold start logs one `auth_misconfigured` line
    (the stack alarms on it), rather than accepting tokens of every app client (or issuer)."""
    from chalicelib import auth

    env = {"STAGE": "prod", "AUTH_ISSUER": ISSUER, "AUTH_AUDIENCE": AUDIENCE, "AUTH_JWKS_URL": jwks_server[0]}
    del env[missing]
    settings = load_settings(env)
    assert missing in settings.auth_problem
    auth._reported.clear()
    verifier = TokenVerifier(settings)
    for token in (_rs256(rsa_keys[0]), _rs256(rsa_keys[0], aud="another-app-client"), _access_token(rsa_keys[0])):
        with caplog.at_level("ERROR", logger="chalicelib.auth"), pytest.raises(Unauthorized, match="not configured"):
            verifier.verify("Bearer " + token)
    errors = [r.getMessage() for r in caplog.records if "auth_misconfigured" in r.getMessage()]
    assert len(errors) == 1 and missing in errors[0]


def test_rs256_token_without_issuer_claim_is_refused(rsa_keys, jwks_server):
    token = jwt.encode({"sub": "bob", "aud": AUDIENCE, "exp": int(time.time()) + 300}, rsa_keys[0],
                       algorithm="RS256", headers={"kid": "key-1"})
    with pytest.raises(Unauthorized):
        TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + token)


def test_rs256_signed_by_unknown_key(rsa_keys, jwks_server):
    with pytest.raises(Unauthorized):
        TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + _rs256(rsa_keys[1]))
    with pytest.raises(Unauthorized):
        TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + _rs256(rsa_keys[1], kid="key-2"))


def test_deployed_stage_refuses_hs256_dev_tokens(jwks_server):
    token = mint_dev_token(SECRET, "alice")
    with pytest.raises(Unauthorized):
        TokenVerifier(_deployed(jwks_server[0])).verify(f"Bearer {token}")


def test_deployed_stage_without_issuer_refuses_everything():
    with pytest.raises(Unauthorized):
        TokenVerifier(load_settings({"STAGE": "prod"})).verify("Bearer " + mint_dev_token(SECRET, "alice"))


def _access_token(key, **claims):
    """A Cognito access token: no `aud`, the app client in `client_id`."""
    payload = {"sub": "bob", "iss": ISSUER, "exp": int(time.time()) + 300, "token_use": "access",
               "client_id": AUDIENCE, "cognito:groups": ["review_receipt"], **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "key-1"})


def test_cognito_access_token_for_our_client_is_accepted(rsa_keys, jwks_server):
    principal = TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + _access_token(rsa_keys[0]))
    assert principal.sub == "bob" and principal.has("review_receipt")


@pytest.mark.parametrize("claims", [{"client_id": "another-client"}, {"token_use": "id"}, {"client_id": None},
                                    {"iss": "https://evil.example"}, {"exp": int(time.time()) - 600}])
def test_access_tokens_for_other_clients_or_without_the_marks_are_refused(rsa_keys, jwks_server, claims):
    with pytest.raises(Unauthorized):
        TokenVerifier(_deployed(jwks_server[0])).verify("Bearer " + _access_token(rsa_keys[0], **claims))


# -- authentication fails closed ------------------------------------------------------------------

@pytest.mark.parametrize("env", [
    {"AUTH_DEV_SECRET": SECRET},  # STAGE not set at all
    {"STAGE": "", "AUTH_DEV_SECRET": SECRET},
    {"STAGE": "local", "AUTH_DEV_SECRET": SECRET, "AWS_LAMBDA_FUNCTION_NAME": "conference-grants-dev"},
    {"AWS_LAMBDA_FUNCTION_NAME": "conference-grants-dev"},  # Lambda, no STAGE, the published default secret
], ids=["stage-unset", "stage-empty", "local-in-lambda", "lambda-default-secret"])
def test_dev_tokens_are_refused_unless_explicitly_on_the_local_stack(env, caplog):
    from chalicelib import auth
    from chalicelib.config import DEFAULT_DEV_SECRET

    settings = load_settings(env)
    assert settings.dev_auth_problem
    auth._reported.clear()
    for secret in (SECRET, DEFAULT_DEV_SECRET):
        with caplog.at_level("ERROR", logger="chalicelib.auth"), pytest.raises(Unauthorized):
            TokenVerifier(settings).verify("Bearer " + mint_dev_token(secret, "alice"))
    errors = [r for r in caplog.records if r.levelname == "ERROR" and "auth_misconfigured" in r.getMessage()]
    assert len(errors) == 1, "one clear error per process, not one per request"


def test_default_secret_works_only_on_the_explicit_local_stage():
    from chalicelib.config import DEFAULT_DEV_SECRET

    token = "Bearer " + mint_dev_token(DEFAULT_DEV_SECRET, "alice")
    assert TokenVerifier(load_settings({"STAGE": "local"})).verify(token).sub == "alice"
    for stage in ("dev", "prod"):
        with pytest.raises(Unauthorized):
            TokenVerifier(load_settings({"STAGE": stage})).verify(token)


# -- subjects we can key data by -------------------------------------------------------------------

@pytest.mark.parametrize("sub", ["a" * 257, "x" * 2000, "al\x00ice", "al\nice", "\u202ealice", "ali\u200bce"], ids=lambda s: repr(s)[:16])
def test_oversized_or_unprintable_subjects_are_401(sub):
    with pytest.raises(Unauthorized, match="subject"):
        TokenVerifier(LOCAL).verify("Bearer " + mint_dev_token(SECRET, sub))


def test_a_256_character_subject_is_fine():
    sub = "\U0001f600" * 256  # 1,024 UTF-8 bytes: the signup lock key must still fit (see store tests)
    assert TokenVerifier(LOCAL).verify("Bearer " + mint_dev_token(SECRET, sub)).sub == sub


def test_cli_mints_verified_or_unverified_e_mails(capsys):
    from chalicelib import cli

    for flags, verified in (([], True), (["--unverified-email"], False)):
        assert cli.main(["token", "--sub", "ada", "--email", "ada@example.com", "--secret", SECRET, *flags]) == 0
        principal = TokenVerifier(LOCAL).verify("Bearer " + capsys.readouterr().out.strip())
        assert principal.email == "ada@example.com" and principal.email_verified is verified
