/** Activities and the caller's signups: queries, mutations and their cache keys. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { isNotFound } from "@/lib/query";

export type Activity = Schemas["ActivityOut"];
export type ActivityDetail = Schemas["ActivityDetail"];
export type ActivityType = Activity["activity_type"];
export type Signup = Schemas["SignupOut"];
export type MySignup = Schemas["MySignup"];

/** While a signup waits for a place (or an offer for its claim), poll (no faster than every 5 s) to show the change. */
export const WAITLIST_POLL_MS = 5_000;

/** Statuses whose next change comes from elsewhere (a promotion, an offer, its expiry). */
const WAITING = new Set(["waitlisted", "offered"]);

export const activityKeys = {
  all: (slug: string) => ["activities", slug] as const,
  list: (slug: string, type: string) => ["activities", slug, "list", type] as const,
  detail: (slug: string, activitySlug: string) => ["activities", slug, "detail", activitySlug] as const,
  mine: (slug: string) => ["activities", slug, "mine"] as const,
};

export function useActivities(slug: string, type: ActivityType | "") {
  const api = useApi();
  return useQuery({
    queryKey: activityKeys.list(slug, type),
    queryFn: () =>
      unwrap(api.GET("/conferences/{slug}/activities", { params: { path: { slug }, query: type ? { type } : {} } })),
    select: (data) => data.activities,
  });
}

export function useActivity(slug: string, activitySlug: string) {
  const api = useApi();
  return useQuery({
    queryKey: activityKeys.detail(slug, activitySlug),
    queryFn: () =>
      unwrap(
        api.GET("/conferences/{slug}/activities/{activity_slug}", {
          params: { path: { slug, activity_slug: activitySlug } },
        }),
      ),
    refetchInterval: (query) => (WAITING.has(query.state.data?.my_signup?.status ?? "") ? WAITLIST_POLL_MS : false),
  });
}

/**
 * The caller's active signups by activity slug (for the list's badges). Answered 404,
 * there are simply no badges.
 */
export function useMySignups(slug: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: activityKeys.mine(slug),
    enabled,
    queryFn: async (): Promise<Map<string, MySignup>> => {
      try {
        const data = await unwrap(api.GET("/conferences/{slug}/my/signups", { params: { path: { slug } } }));
        return new Map(data.signups.map((s) => [s.activity_slug, s]));
      } catch (error) {
        if (isNotFound(error)) return new Map();
        throw error;
      }
    },
    refetchInterval: (query) =>
      [...(query.state.data?.values() ?? [])].some((s) => WAITING.has(s.status)) ? WAITLIST_POLL_MS : false,
  });
}

function useRefreshActivities(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: activityKeys.all(slug) });
}

export function useSignUp(slug: string, activitySlug: string) {
  const api = useApi();
  const refresh = useRefreshActivities(slug);
  return useMutation({
    mutationFn: (note: string) =>
      unwrap(
        api.POST("/conferences/{slug}/activities/{activity_slug}/signup", {
          params: { path: { slug, activity_slug: activitySlug } },
          body: note.trim() ? { note: note.trim() } : {},
        }),
      ),
    // On success and on failure (e.g. 409 already_signed_up): show the server's truth.
    onSettled: refresh,
  });
}

export function useCancelSignup(slug: string, activitySlug: string) {
  const api = useApi();
  const refresh = useRefreshActivities(slug);
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE("/conferences/{slug}/activities/{activity_slug}/signup", {
          params: { path: { slug, activity_slug: activitySlug } },
        }),
      ),
    onSettled: refresh,
  });
}

/** Claim the place offered to the caller (200 confirmed; 409 claim_expired after `claim_by`). */
export function useClaimPlace(slug: string, activitySlug: string) {
  const api = useApi();
  const refresh = useRefreshActivities(slug);
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/conferences/{slug}/activities/{activity_slug}/signup/claim", {
          params: { path: { slug, activity_slug: activitySlug } },
        }),
      ),
    onSettled: refresh,
  });
}
