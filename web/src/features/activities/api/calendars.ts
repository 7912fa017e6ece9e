/** Calendars: an activity's `.ics` address, the caller's feed URL (get, revoke), and clashes. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";

import type { Activity, MySignup } from "./activities";

/** The activity's calendar file on the API (no token needed: a plain link works). */
export function activityCalendarUrl(apiUrl: string, slug: string, activitySlug: string): string {
  return `${apiUrl}/conferences/${encodeURIComponent(slug)}/activities/${encodeURIComponent(activitySlug)}/calendar.ics`;
}

const feedKey = (slug: string) => ["activities", slug, "calendar-feed"] as const;

/** The caller's feed URL: asked for only when `enabled` (the first ask creates the feed). */
export function useCalendarFeed(slug: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: feedKey(slug),
    enabled,
    staleTime: Infinity,
    queryFn: async () =>
      (await unwrap(api.GET("/conferences/{slug}/my/calendar", { params: { path: { slug } } }))).url,
  });
}

export function useRevokeCalendarFeed(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/conferences/{slug}/my/calendar", { params: { path: { slug } } })),
    onSuccess: () => queryClient.removeQueries({ queryKey: feedKey(slug) }),
  });
}

/** Statuses whose activity the person plans to attend (a clash with them is worth a warning). */
const PLANNED = new Set(["confirmed", "waitlisted", "offered"]);

type Timed = Pick<Activity, "slug" | "start_time" | "end_time">;

function span(activity: Timed): [number, number] | null {
  if (!activity.start_time || !activity.end_time) return null;
  const start = Date.parse(activity.start_time);
  const end = Date.parse(activity.end_time);
  return Number.isNaN(start) || Number.isNaN(end) || start >= end ? null : [start, end];
}

/**
 * The person's planned signups whose activities overlap `activity` (half-open intervals, as
 * the API's `overlaps`: back to back is no clash; an activity without times never clashes).
 */
export function clashingSignups(activity: Timed, activities: Timed[], mine: MySignup[]): MySignup[] {
  const own = span(activity);
  if (!own) return [];
  const bySlug = new Map(activities.map((a) => [a.slug, a]));
  return mine.filter((signup) => {
    if (signup.activity_slug === activity.slug || !PLANNED.has(signup.status)) return false;
    const other = bySlug.get(signup.activity_slug);
    const theirs = other ? span(other) : null;
    return theirs !== null && own[0] < theirs[1] && theirs[0] < own[1];
  });
}
