import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";

import type { AppConfig } from "../config";
import { AuthProvider, useAuth } from "./context";
import { SessionStore, type Session } from "./session";

const { signOutEverywhere } = vi.hoisted(() => ({ signOutEverywhere: vi.fn(() => Promise.resolve()) }));
vi.mock("./cognito", () => ({ signOutEverywhere }));

const session: Session = {
  token: "token",
  expiresAt: Date.now() / 1000 + 3600,
  user: { sub: "ada", name: "Ada", email: "ada@example.com", permissions: [] },
};

function signedIn(config: AppConfig) {
  const store = new SessionStore();
  store.signIn(session);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AuthProvider config={config} store={store}>{children}</AuthProvider>
  );
  return { store, ...renderHook(() => useAuth(), { wrapper }) };
}

describe("sign-out", () => {
  it("with local dev tokens forgets the session without calling Cognito", async () => {
    signOutEverywhere.mockClear();
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const { store, result } = signedIn({ apiUrl: "http://api", auth: { mode: "local" } });
    await act(() => result.current.signOut());
    expect(store.getState().session).toBeNull();
    expect(sessionStorage.getItem("conference-grants.dev-user")).toBeNull();
    expect(signOutEverywhere).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  it("with Cognito forgets the session and revokes through the hosted UI", async () => {
    signOutEverywhere.mockClear();
    const auth = {
      mode: "cognito" as const, authority: "https://issuer", clientId: "c", domain: "https://d",
      redirectUri: "https://app/auth/callback", logoutUri: "https://app/",
    };
    const { store, result } = signedIn({ apiUrl: "http://api", auth });
    await act(() => result.current.signOut());
    expect(store.getState().session).toBeNull();
    expect(sessionStorage.getItem("conference-grants.dev-user")).toBeNull();
    expect(signOutEverywhere).toHaveBeenCalledWith(auth);
  });
});
