/**
 * A one-time notice handed to the next page through the router's location state
 * (`navigate(to, { state: { notice } })`), e.g. "Your application is sent." after a submit.
 *
 * The browser keeps history state across reloads and Back/Forward, so a notice read straight
 * from it would say "sent" again days later. This reads it once and replaces the history
 * entry with one without state: the notice shows on arrival, never again.
 */
import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "react-router";

export function useArrivalNotice(): string | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const [notice] = useState(() => (location.state as { notice?: unknown } | null)?.notice);
  const hasState = location.state !== null && location.state !== undefined;
  useEffect(() => {
    if (hasState) void navigate({ pathname: location.pathname, search: location.search, hash: location.hash }, { replace: true, state: null });
  }, [hasState, navigate, location.pathname, location.search, location.hash]);
  return typeof notice === "string" ? notice : undefined;
}
