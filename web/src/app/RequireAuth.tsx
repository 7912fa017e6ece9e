/** Pages that need a signed-in user send others to the sign-in page, and back afterwards. */
import { Navigate, Outlet, useLocation } from "react-router";

import { Spinner } from "@/components/Spinner";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

export function RequireAuth() {
  const t = useT();
  const { session, restoring } = useAuth();
  const location = useLocation();
  if (restoring) return <Spinner label={t("session.signingIn")} />;
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
