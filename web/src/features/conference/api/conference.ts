import { useQuery } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";

export type Conference = Schemas["ConferencePublic"];

export const conferenceKeys = { detail: (slug: string) => ["conference", slug] as const };

/** The public part of a conference (no auth); cached for the whole session of the page. */
export function useConference(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: conferenceKeys.detail(slug),
    queryFn: () => unwrap(api.GET("/conferences/{slug}", { params: { path: { slug } } })),
    staleTime: 60_000,
  });
}

/** Whether an attendee-facing feature is on (the API answers 404 when it is not). */
export function featureOn(conference: Conference, feature: "programs" | "travel_grants"): boolean {
  return conference.features.public_ui !== false && conference.features[feature] !== false;
}
