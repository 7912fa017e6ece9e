import { describe, expect, it } from "vitest";

import { decodeClaims, permissionsFromClaims, SessionStore, type Session } from "./session";

const session = (token: string, expiresAt = Date.now() / 1000 + 3600): Session => ({
  token,
  expiresAt,
  user: { sub: "ada", name: "Ada", email: "ada@example.com", permissions: [] },
});

describe("SessionStore", () => {
  it("keeps the user when the API refuses the token, until they sign in again", () => {
    const store = new SessionStore(localStorage);
    store.signIn(session("one"));
    store.markExpired();
    expect(store.getState()).toMatchObject({ expired: true, session: { token: "one" } });
    store.signIn(session("two"));
    expect(store.getState().expired).toBe(false);
    expect(new SessionStore(localStorage).token()).toBe("two"); // survives a reload
  });

  it("starts expired when the stored token is past its time", () => {
    localStorage.setItem("conference-grants.session", JSON.stringify(session("old", 1)));
    expect(new SessionStore(localStorage).getState().expired).toBe(true);
  });

  it("follows another tab signing out", () => {
    const store = new SessionStore(localStorage);
    store.signIn(session("one"));
    localStorage.removeItem("conference-grants.session");
    window.dispatchEvent(new StorageEvent("storage", { key: "conference-grants.session" }));
    expect(store.getState().session).toBeNull();
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
