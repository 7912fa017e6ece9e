/** Local sign-in: the demo users and HS256 tokens from the local stack's dev-only routes. */
import { NetworkError, toApiError } from "../api/errors";
import type { Session, SessionUser } from "./session";

export type DevUser = SessionUser & { role: string };

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

export async function fetchDevUsers(apiUrl: string): Promise<DevUser[]> {
  const body = await request<{ users: DevUser[] }>(`${apiUrl}/dev/users`);
  return body.users;
}

export async function signInAsDevUser(apiUrl: string, user: SessionUser): Promise<Session> {
  const body = await request<{ token: string; expires_at: number }>(`${apiUrl}/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sub: user.sub, name: user.name, email: user.email, permissions: user.permissions }),
  });
  return { token: body.token, expiresAt: body.expires_at, user };
}

/**
 * Who is signed in locally, for this tab only (sessionStorage), never their token: after
 * a reload the local stack mints a new one, as a refresh token would on AWS.
 */
const DEV_USER_KEY = "conference-grants.dev-user";

export function rememberDevUser(user: SessionUser): void {
  sessionStorage.setItem(DEV_USER_KEY, JSON.stringify(user));
}

export function forgetDevUser(): void {
  sessionStorage.removeItem(DEV_USER_KEY);
}

export function rememberedDevUser(): SessionUser | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(DEV_USER_KEY) ?? "null") as Partial<SessionUser> | null;
    if (!value || typeof value.sub !== "string" || !Array.isArray(value.permissions)) return null;
    return value as SessionUser;
  } catch {
    return null;
  }
}
