/** Who is signed in, and the sign-in / sign-out / sign-in-again actions for both auth modes. */
import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";

import type { AppConfig } from "../config";
import { forgetDevUser, rememberDevUser, signInAsDevUser } from "./local";
import type { Session, SessionStore, SessionUser } from "./session";

export type Auth = {
  config: AppConfig;
  session: Session | null;
  user: SessionUser | null;
  /** The API refused the token: a dialog asks to sign in again, the page stays as it is. */
  expired: boolean;
  /** A reload is getting a new token: pages that need one wait. */
  restoring: boolean;
  can: (permission: string) => boolean;
  signInLocal: (user: SessionUser) => Promise<void>;
  /** Cognito: leaves for the hosted UI and comes back to `returnTo`. */
  signInHosted: (returnTo: string) => Promise<void>;
  /** Signs the same person in again without leaving the page (local: new token; Cognito: popup). */
  renew: () => Promise<void>;
  signOut: () => Promise<void>;
  store: SessionStore;
};

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ config, store, children }: { config: AppConfig; store: SessionStore; children: ReactNode }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const signInLocal = useCallback(
    async (user: SessionUser) => {
      store.signIn(await signInAsDevUser(config.apiUrl, user));
      rememberDevUser(user);
    },
    [config, store],
  );
  const signInHosted = useCallback(
    async (returnTo: string) => {
      if (config.auth.mode !== "cognito") throw new Error("hosted sign-in needs auth.mode cognito");
      const cognito = await import("./cognito");
      await cognito.startSignIn(config.auth, returnTo);
    },
    [config],
  );
  const renew = useCallback(async () => {
    const current = store.getState().session;
    if (config.auth.mode === "cognito") {
      const cognito = await import("./cognito");
      store.signIn(await cognito.signInInPopup(config.auth));
    } else if (current) {
      store.signIn(await signInAsDevUser(config.apiUrl, current.user));
    }
  }, [config, store]);
  const signOut = useCallback(async () => {
    store.signOut();
    forgetDevUser();
    if (config.auth.mode === "cognito") {
      const cognito = await import("./cognito");
      await cognito.signOutEverywhere(config.auth);
    }
  }, [config, store]);
  const value = useMemo<Auth>(() => {
    const user = state.session?.user ?? null;
    return {
      config,
      session: state.session,
      user,
      expired: state.expired,
      restoring: state.restoring,
      can: (permission) => user?.permissions.includes(permission) ?? false,
      signInLocal,
      signInHosted,
      renew,
      signOut,
      store,
    };
  }, [config, state, signInLocal, signInHosted, renew, signOut, store]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
