import { User } from "oidc-client-ts";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { CognitoAuthConfig } from "../config";
import { RefreshOnlyStore, refreshSession } from "./cognito";
import { oidcUserKey } from "./restore";

const config: CognitoAuthConfig = {
  mode: "cognito",
  authority: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_refresh",
  clientId: "webclient",
  domain: "https://grants.auth.eu-west-1.amazoncognito.com",
  redirectUri: "https://grants.example.org/auth/callback",
  logoutUri: "https://grants.example.org/",
};

const base64url = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
const jwt = (claims: Record<string, unknown>) => `${base64url({ alg: "RS256" })}.${base64url(claims)}.signature`;
const now = () => Math.floor(Date.now() / 1000);
const claims = { sub: "abc", iss: config.authority, aud: config.clientId, email: "ada@example.com", name: "Ada" };

function signedInUser(idToken: string): User {
  return new User({
    id_token: idToken, access_token: "first-access-token", refresh_token: "the-refresh-token", token_type: "Bearer",
    expires_at: now() + 3600, profile: { ...claims, exp: now() + 3600, iat: now() },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("the OIDC library's session store", () => {
  it("keeps the refresh token for this tab, never the ID or access token", async () => {
    const first = jwt({ ...claims, exp: now() + 3600 });
    await new RefreshOnlyStore().set(`user:${config.authority}:${config.clientId}`, signedInUser(first).toStorageString());
    const stored = sessionStorage.getItem(oidcUserKey(config)) ?? "";
    expect(stored).toContain("the-refresh-token");
    expect(stored).not.toContain(first);
    expect(stored).not.toContain("first-access-token");
    expect(localStorage.length).toBe(0);
  });

  it("gets a new token on reload from the refresh token, and keeps that one in memory only", async () => {
    await new RefreshOnlyStore().set(`user:${config.authority}:${config.clientId}`,
      signedInUser(jwt({ ...claims, exp: now() + 60 })).toStorageString());
    const renewed = jwt({ ...claims, exp: now() + 3600, "cognito:groups": ["review_receipt"] });
    const grants: string[] = [];
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith("/.well-known/openid-configuration")) {
        return Promise.resolve(Response.json({
          issuer: config.authority, authorization_endpoint: `${config.domain}/oauth2/authorize`,
          token_endpoint: `${config.domain}/oauth2/token`, jwks_uri: `${config.authority}/.well-known/jwks.json`,
        }));
      }
      grants.push(init?.body instanceof URLSearchParams ? init.body.toString() : typeof init?.body === "string" ? init.body : "");
      return Promise.resolve(Response.json({ id_token: renewed, access_token: "new-access", expires_in: 3600, token_type: "Bearer" }));
    });

    const session = await refreshSession(config);

    expect(grants).toHaveLength(1);
    expect(new URLSearchParams(grants[0]).get("grant_type")).toBe("refresh_token");
    expect(session).toMatchObject({ token: renewed, user: { sub: "abc", permissions: ["review_receipt"] } });
    const stored = sessionStorage.getItem(oidcUserKey(config)) ?? "";
    expect(stored).toContain("the-refresh-token");
    expect(stored).not.toContain(renewed);
    expect(stored).not.toContain("new-access");
  });
});
