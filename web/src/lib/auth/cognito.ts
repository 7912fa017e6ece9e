/**
 * Deployed sign-in: Cognito's hosted UI, authorization code flow with PKCE, through
 * oidc-client-ts. Imported lazily (`await import("./cognito")`), so local mode and the
 * first page never load the library.
 */
import { UserManager, WebStorageStateStore, type User } from "oidc-client-ts";

import type { CognitoAuthConfig } from "../config";
import { permissionsFromClaims, type Session } from "./session";

let manager: UserManager | null = null;

/**
 * The OIDC library's store for this tab (sessionStorage), minus the bearer tokens: the
 * signed-in user is kept with its refresh token and profile, so a reload can get new
 * tokens (`refreshSession`), but the ID and access tokens live only in memory
 * (session.ts says why).
 */
export class RefreshOnlyStore extends WebStorageStateStore {
  constructor() {
    super({ store: window.sessionStorage });
  }

  override async set(key: string, value: string): Promise<void> {
    if (!key.startsWith("user:")) return super.set(key, value);
    const kept = JSON.parse(value) as Record<string, unknown>;
    delete kept.id_token;
    delete kept.access_token;
    return super.set(key, JSON.stringify(kept));
  }
}

function userManager(config: CognitoAuthConfig): UserManager {
  manager ??= new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    popup_redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.logoutUri,
    response_type: "code",
    scope: "openid email profile",
    userStore: new RefreshOnlyStore(),
    automaticSilentRenew: false,
    // Cognito's discovery document has no end_session_endpoint: its logout is on the hosted
    // domain, and so is RevokeToken (/oauth2/revoke), which sign-out calls.
    metadataSeed: {
      end_session_endpoint: `${hostedDomain(config)}/logout`,
      revocation_endpoint: `${hostedDomain(config)}/oauth2/revoke`,
    },
  });
  return manager;
}

const hostedDomain = (config: CognitoAuthConfig): string => config.domain.replace(/\/+$/, "");

const text = (value: unknown): string => (typeof value === "string" ? value : "");

export function toSession(user: User): Session {
  const claims = user.profile as Record<string, unknown>;
  return {
    // The API verifies Cognito ID tokens (issuer + audience = our client).
    token: user.id_token ?? user.access_token,
    expiresAt: user.expires_at ?? Math.floor(Date.now() / 1000) + 3600,
    user: {
      sub: text(claims.sub),
      name: text(claims.name) || text(claims["cognito:username"]) || text(claims.email),
      email: text(claims.email),
      permissions: permissionsFromClaims(claims),
    },
  };
}

/**
 * After a reload: new tokens from the refresh token kept for this tab (the token endpoint's
 * refresh grant, no page leaves), for the same person; null when there is none or Cognito refuses it.
 */
export async function refreshSession(config: CognitoAuthConfig): Promise<Session | null> {
  const um = userManager(config);
  const stored = await um.getUser();
  if (!stored?.refresh_token) return null;
  const user = await um.signinSilent();
  if (!user || user.profile.sub !== stored.profile.sub) return null;
  return toSession(user);
}

/** Sends the browser to the hosted UI; `returnTo` comes back through the OIDC state. */
export async function startSignIn(config: CognitoAuthConfig, returnTo: string): Promise<void> {
  await userManager(config).signinRedirect({ state: { returnTo } });
}

/** A popup sign-in that keeps the current page (and what was typed) when a session expires. */
export async function signInInPopup(config: CognitoAuthConfig): Promise<Session> {
  return toSession(await userManager(config).signinPopup());
}

/** Handles /auth/callback for both the redirect and the popup flow. */
export async function completeSignIn(
  config: CognitoAuthConfig,
): Promise<{ session: Session; returnTo: string } | null> {
  const um = userManager(config);
  if (window.opener && window.opener !== window) {
    await um.signinPopupCallback();
    return null;
  }
  const user = await um.signinRedirectCallback();
  const state = user.state as { returnTo?: string } | undefined;
  return { session: toSession(user), returnTo: state?.returnTo ?? "/" };
}

/**
 * Ends the session for good: revokes the refresh token (Cognito's RevokeToken; it could
 * otherwise mint new tokens for 30 days), forgets it in this browser, then ends the hosted
 * UI's own session. A failed revocation (offline, Cognito down) still signs out locally.
 */
export async function signOutEverywhere(
  config: CognitoAuthConfig,
  navigate: (url: string) => void = (url) => window.location.assign(url),
): Promise<void> {
  const um = userManager(config);
  try {
    await um.revokeTokens(["refresh_token"]);
  } catch (error) {
    console.warn("Sign-out could not revoke the refresh token:", error);
  }
  await um.removeUser();
  await um.clearStaleState();
  // Cognito's /logout takes client_id and logout_uri (not the OIDC id_token_hint form).
  const url = new URL(`${hostedDomain(config)}/logout`);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("logout_uri", config.logoutUri);
  navigate(url.toString());
}
