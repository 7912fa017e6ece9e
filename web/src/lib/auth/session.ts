/**
 * The signed-in session, kept in a tiny external store (read with useSyncExternalStore)
 * so the API client's middleware and the React tree see the same token.
 *
 * The bearer token lives in this object only, never in Web Storage: any script that runs
 * in the page (a compromised dependency, an injection the CSP missed) can read
 * localStorage and sessionStorage, and a token copied from there works anywhere until it
 * expires. A reload loses the token; `restore` then gets a new one without asking the
 * person (see providers.tsx: the OIDC library's refresh token, kept in sessionStorage,
 * or locally the demo user remembered for this tab).
 */

export type SessionUser = { sub: string; name: string; email: string; permissions: string[] };
export type Session = { token: string; expiresAt: number; user: SessionUser };
/** `restoring`: a reload is getting a new token; pages that need one wait instead of sending to sign-in. */
type State = { session: Session | null; expired: boolean; restoring: boolean };

const CHANNEL = "conference-grants.session";
type Listener = () => void;

export class SessionStore {
  private state: State = { session: null, expired: false, restoring: false };
  private readonly listeners = new Set<Listener>();
  private restoreStarted = false;
  private readonly channel: BroadcastChannel | null;

  constructor() {
    // Signing out in one tab signs out the others (each tab has its own token).
    this.channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);
    this.channel?.addEventListener("message", (event: MessageEvent) => {
      if (event.data === "signed-out" && this.state.session) this.set({ session: null, expired: false, restoring: false });
    });
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): State => this.state;

  /** The token to send, or null; an expired one is still sent so the API answers 401. */
  token = (): string | null => this.state.session?.token ?? null;

  signIn(session: Session): void {
    this.set({ session, expired: false, restoring: false });
  }

  /**
   * Gets a session back after a reload with `renew` (null: nothing to restore), once per
   * store; until it settles, `restoring` is true. A failed renewal leaves the person signed out.
   */
  restore(renew: () => Promise<Session | null>): void {
    if (this.restoreStarted || this.state.session) return;
    this.restoreStarted = true;
    this.set({ ...this.state, restoring: true });
    renew()
      .then((session) => {
        if (this.state.restoring) this.set({ session, expired: false, restoring: false });
      })
      .catch((error: unknown) => {
        console.warn("Could not restore the session:", error);
        if (this.state.restoring) this.set({ session: null, expired: false, restoring: false });
      });
  }

  /** The API refused our token: keep the user (and the page) but ask them to sign in again. */
  markExpired = (): void => {
    if (this.state.session && !this.state.expired) this.set({ ...this.state, expired: true });
  };

  signOut(): void {
    this.channel?.postMessage("signed-out");
    this.set({ session: null, expired: false, restoring: false });
  }

  private set(state: State): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** Reads the claims of a JWT for display (never for a security decision: the API decides). */
export function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) return {};
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Permissions as the API reads them: the `permissions` claim plus Cognito groups. */
export function permissionsFromClaims(claims: Record<string, unknown>): string[] {
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return [...new Set([...list(claims.permissions), ...list(claims["cognito:groups"])])];
}
