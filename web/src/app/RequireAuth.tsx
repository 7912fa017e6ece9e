/** Pages that need a signed-in user send others to the sign-in page, and back afterwards. */
import { Navigate, Outlet, useLocation } from "react-router";

import { useAuth } from "@/lib/auth/context";

export function RequireAuth() {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
