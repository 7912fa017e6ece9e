/**
 * Organisers' API: every activity of the conference (inactive too, with counts), create and
 * edit, one activity's signups with stats, the CSV export and manual promotion.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";

export type ManagedActivity = Schemas["ActivityOut"];
export type ActivityCreate = Schemas["ActivityCreate"];
export type ActivityPatch = Schemas["ActivityPatch"];
export type ManagedSignup = Schemas["ManagedSignup"];
export type SignupStatus = "confirmed" | "waitlisted" | "cancelled";

export const ACTIVITY_TYPES = ["sprint", "workshop", "tutorial", "lightning_talk", "social", "open_space", "summit", "other"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

const keys = {
  all: (slug: string) => ["console", slug, "activities"] as const,
  signups: (slug: string, activity: string, status: SignupStatus | null) =>
    ["console", slug, "activities", activity, "signups", status ?? "active"] as const,
};

/** The activities the caller manages: all of them with manage_activity, else the ones they organise. */
export function useManagedActivities(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.all(slug),
    queryFn: async () =>
      (await unwrap(api.GET("/manage/conferences/{slug}/activities", { params: { path: { slug } } }))).activities,
  });
}

export function useCreateActivity(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivityCreate) => unwrap(api.POST("/manage/conferences/{slug}/activities", { params: { path: { slug } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all(slug) }),
  });
}

export function useUpdateActivity(slug: string, activitySlug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivityPatch) =>
      unwrap(
        api.PATCH("/manage/conferences/{slug}/activities/{activity_slug}", {
          params: { path: { slug, activity_slug: activitySlug } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all(slug) }),
  });
}

export function useSignups(slug: string, activitySlug: string, status: SignupStatus | null) {
  const api = useApi();
  return useQuery({
    queryKey: keys.signups(slug, activitySlug, status),
    // The list is paged (at most 200 a page): follow every page, so the table holds every signup.
    queryFn: async () => {
      const page = (next_token?: string) =>
        unwrap(
          api.GET("/manage/conferences/{slug}/activities/{activity_slug}/signups", {
            params: {
              path: { slug, activity_slug: activitySlug },
              query: { limit: 200, ...(status ? { status } : {}), ...(next_token ? { next_token } : {}) },
            },
          }),
        );
      const first = await page();
      let token = first.next_token ?? undefined;
      while (token) {
        const more = await page(token);
        first.signups.push(...more.signups);
        token = more.next_token ?? undefined;
      }
      return { ...first, next_token: null };
    },
  });
}

export function usePromote(slug: string, activitySlug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (signupId: string) =>
      unwrap(
        api.POST("/manage/conferences/{slug}/activities/{activity_slug}/signups/{signup_id}/promote", {
          params: { path: { slug, activity_slug: activitySlug, signup_id: signupId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all(slug) }),
  });
}

/** Downloads the signups CSV with the caller's token (a plain link could not send it). */
export function useExportCsv(slug: string, activitySlug: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async () => {
      const blob = await unwrap(
        api.GET("/manage/conferences/{slug}/activities/{activity_slug}/signups.csv", {
          params: { path: { slug, activity_slug: activitySlug } },
          parseAs: "blob",
        }),
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `${slug}-${activitySlug}-signups.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
