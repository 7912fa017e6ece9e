import { describe, expect, it, vi } from "vitest";

import { decodeClaims, permissionsFromClaims, SessionStore, type Session } from "./session";

const session = (token: string, expiresAt = Date.now() / 1000 + 3600): Session => ({
  token,
  expiresAt,
  user: { sub: "ada", name: "Ada", email: "ada@example.com", permissions: [] },
});

/** Every value the page's scripts could read back from Web Storage. */
function webStorage(): string {
  const all = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => {
    const key = storage.key(i) ?? "";
    return `${key}=${storage.getItem(key) ?? ""}`;
  });
  return [...all(localStorage), ...all(sessionStorage)].join("\n");
}

describe("SessionStore", () => {
  it("keeps the user when the API refuses the token, until they sign in again", () => {
    const store = new SessionStore();
    store.signIn(session("one"));
    store.markExpired();
    expect(store.getState()).toMatchObject({ expired: true, session: { token: "one" } });
    store.signIn(session("two"));
    expect(store.getState().expired).toBe(false);
    expect(store.token()).toBe("two");
  });

  it("keeps the bearer token in memory only: nothing in localStorage or sessionStorage", () => {
    const store = new SessionStore();
    store.signIn(session("secret-bearer-token"));
    expect(store.token()).toBe("secret-bearer-token");
    expect(localStorage.length).toBe(0);
    expect(webStorage()).not.toContain("secret-bearer-token");
    expect(new SessionStore().token()).toBeNull(); // a reload starts without it (restore gets a new one)
  });

  it("restores a session after a reload, and is `restoring` until then", async () => {
    const store = new SessionStore();
    let resolve: (value: Session) => void = () => undefined;
    store.restore(() => new Promise<Session>((r) => (resolve = r)));
    expect(store.getState()).toMatchObject({ restoring: true, session: null });
    resolve(session("renewed"));
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ restoring: false, session: { token: "renewed" } }));
  });

  it("a failed restore leaves the person signed out", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const store = new SessionStore();
    store.restore(() => Promise.reject(new Error("refresh token revoked")));
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ restoring: false, session: null }));
    warn.mockRestore();
  });

  it("follows another tab signing out", async () => {
    const store = new SessionStore();
    store.signIn(session("one"));
    new SessionStore().signOut();
    await vi.waitFor(() => expect(store.getState().session).toBeNull());
  });
});

describe("claims", () => {
  it("reads permissions from the permissions claim and Cognito groups", () => {
    const payload = btoa(JSON.stringify({ sub: "x", permissions: ["review_receipt"], "cognito:groups": ["manage_activity"] }))
      .replace(/=+$/, "");
    const claims = decodeClaims(`h.${payload}.s`);
    expect(permissionsFromClaims(claims).sort()).toEqual(["manage_activity", "review_receipt"]);
    expect(decodeClaims("garbage")).toEqual({});
  });
});
