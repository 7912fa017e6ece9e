/** After a reload: how to get a token again without asking the person, if this tab had one. */
import type { AppConfig, CognitoAuthConfig } from "../config";
import { rememberedDevUser, signInAsDevUser } from "./local";
import type { Session } from "./session";

/** The key oidc-client-ts keeps the signed-in user under (its prefix, `user:`, authority, client). */
export const oidcUserKey = (auth: CognitoAuthConfig): string => `oidc.user:${auth.authority}:${auth.clientId}`;

/** A function that gets a new session, or null when this tab has nothing to restore (checked without loading the OIDC library). */
export function sessionRestorer(config: AppConfig): (() => Promise<Session | null>) | null {
  const auth = config.auth;
  if (auth.mode === "cognito") {
    if (!sessionStorage.getItem(oidcUserKey(auth))) return null;
    return async () => (await import("./cognito")).refreshSession(auth);
  }
  const user = rememberedDevUser();
  return user ? () => signInAsDevUser(config.apiUrl, user) : null;
}
