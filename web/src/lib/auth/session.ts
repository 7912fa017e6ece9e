/**
 * The signed-in session, kept in a tiny external store (read with useSyncExternalStore)
 * so the API client's middleware and the React tree see the same token.
 */

export type SessionUser = { sub: string; name: string; email: string; permissions: string[] };
export type Session = { token: string; expiresAt: number; user: SessionUser };
type State = { session: Session | null; expired: boolean };

const STORAGE_KEY = "conference-grants.session";
type Listener = () => void;

function readStored(storage: Storage | undefined): Session | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.token !== "string" || typeof value.expiresAt !== "number" || !value.user) return null;
    return value as Session;
  } catch {
    return null;
  }
}

export class SessionStore {
  private state: State;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: Storage | undefined = globalThis.localStorage) {
    const session = readStored(storage);
    this.state = { session, expired: session !== null && session.expiresAt * 1000 <= Date.now() };
    // Another tab signed in, out, or as someone else: follow it, so no tab acts for a stale user.
    if (typeof window !== "undefined") window.addEventListener("storage", (event: StorageEvent) => {
      if (event.key !== STORAGE_KEY && event.key !== null) return;
      const next = readStored(this.storage);
      if (next?.token !== this.state.session?.token) this.set({ session: next, expired: false });
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
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(session));
    this.set({ session, expired: false });
  }

  /** The API refused our token: keep the user (and the page) but ask them to sign in again. */
  markExpired = (): void => {
    if (this.state.session && !this.state.expired) this.set({ ...this.state, expired: true });
  };

  signOut(): void {
    this.storage?.removeItem(STORAGE_KEY);
    this.set({ session: null, expired: false });
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
