/** `/auth/callback`: Cognito's hosted UI returns here (redirect or popup, code + PKCE). */
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

export function Component() {
  const t = useT();
  const { config, store } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current || config.auth.mode !== "cognito") return;
    started.current = true; // the code can be exchanged once only (StrictMode runs effects twice)
    const auth = config.auth;
    import("@/lib/auth/cognito")
      .then((cognito) => cognito.completeSignIn(auth))
      .then((result) => {
        if (!result) return; // popup: the opener takes over
        store.signIn(result.session);
        void navigate(result.returnTo.startsWith("/") ? result.returnTo : "/", { replace: true });
      })
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)));
  }, [config, navigate, store]);
  if (config.auth.mode !== "cognito") return <Link to="/sign-in">{t("authCallback.goToSignIn")}</Link>;
  if (error) {
    return (
      <>
        <PageTitle>{t("authCallback.failed")}</PageTitle>
        <p>{error}</p>
        <Link to="/sign-in">{t("authCallback.retry")}</Link>
      </>
    );
  }
  return <Spinner label={t("session.signingIn")} />;
}
