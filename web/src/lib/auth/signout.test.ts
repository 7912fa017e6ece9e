import { User } from "oidc-client-ts";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { CognitoAuthConfig } from "../config";
import { signOutEverywhere } from "./cognito";

const config: CognitoAuthConfig = {
  mode: "cognito",
  authority: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool",
  clientId: "webclient",
  domain: "https://grants.auth.eu-west-1.amazoncognito.com/",
  redirectUri: "https://grants.example.org/auth/callback",
  logoutUri: "https://grants.example.org/",
};
const USER_KEY = `oidc.user:${config.authority}:${config.clientId}`;

/** What oidc-client-ts keeps after the code exchange: the refresh token sits in sessionStorage. */
function storeSignedInUser(): void {
  const user = new User({
    id_token: "id.token.value",
    access_token: "access.token.value",
    refresh_token: "the-refresh-token",
    token_type: "Bearer",
    expires_at: 2_000_000_000,
    profile: { sub: "abc", iss: config.authority, aud: config.clientId, exp: 2_000_000_000, iat: 1_900_000_000 },
  });
  sessionStorage.setItem(USER_KEY, user.toStorageString());
}

type Call = { url: string; method: string; body: string };

/** Cognito as the browser sees it: the discovery document, and RevokeToken answering `revoke`. */
function fakeCognito(revoke: () => Response): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const body = init?.body instanceof URLSearchParams ? init.body.toString() : typeof init?.body === "string" ? init.body : "";
    calls.push({ url, method, body });
    if (url.endsWith("/.well-known/openid-configuration")) {
      return Promise.resolve(Response.json({
        issuer: config.authority,
        authorization_endpoint: "https://grants.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
        token_endpoint: "https://grants.auth.eu-west-1.amazoncognito.com/oauth2/token",
        jwks_uri: `${config.authority}/.well-known/jwks.json`,
      }));
    }
    try {
      return Promise.resolve(revoke());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe("Cognito sign-out", () => {
  it("revokes the refresh token, forgets it, then ends the hosted UI session", async () => {
    storeSignedInUser();
    const calls = fakeCognito(() => new Response(null, { status: 200 }));
    const navigate = vi.fn();
    await signOutEverywhere(config, navigate);

    const revocations = calls.filter((c) => c.method === "POST");
    expect(revocations.map((c) => c.url)).toEqual(["https://grants.auth.eu-west-1.amazoncognito.com/oauth2/revoke"]);
    const form = new URLSearchParams(revocations.map((c) => c.body).join(""));
    expect(form.get("token")).toBe("the-refresh-token");
    expect(form.get("token_type_hint")).toBe("refresh_token");
    expect(form.get("client_id")).toBe("webclient");
    expect(form.has("client_secret")).toBe(false); // a public client: no secret anywhere

    expect(sessionStorage.getItem(USER_KEY)).toBeNull();
    const kept = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.getItem(sessionStorage.key(i) ?? ""));
    expect(kept.join("")).not.toContain("the-refresh-token");
    expect(navigate).toHaveBeenCalledOnce();
    const logout = new URL(String(navigate.mock.calls.at(0)?.at(0)));
    expect(`${logout.origin}${logout.pathname}`).toBe("https://grants.auth.eu-west-1.amazoncognito.com/logout");
    expect(logout.searchParams.get("client_id")).toBe("webclient");
    expect(logout.searchParams.get("logout_uri")).toBe(config.logoutUri);
  });

  it("still clears the browser and signs out when Cognito cannot be reached", async () => {
    storeSignedInUser();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    fakeCognito(() => {
      throw new TypeError("Failed to fetch");
    });
    const navigate = vi.fn();
    await signOutEverywhere(config, navigate);
    expect(sessionStorage.getItem(USER_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledOnce();
    expect(warn).toHaveBeenCalled();
  });
});
