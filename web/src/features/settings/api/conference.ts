/** Conference settings for `manage_conference`: read (with the Pretalx token only as "set"), save, Pretalx sync. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ApiError } from "@/lib/api/errors";
import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { storeAnswer } from "@/lib/query";

export type ManagedConference = Schemas["ConferenceManage"];
export type ConferenceBody = Schemas["ConferenceIn-Input"];
export type SyncCounts = Schemas["PretalxSyncCounts"];

const keys = {
  manage: (slug: string) => ["console", slug, "conference"] as const,
  // The public conference (features/conference caches it under this key): refresh it after a save.
  public: (slug: string) => ["conference", slug] as const,
};

export function useManagedConference(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.manage(slug),
    queryFn: () => unwrap(api.GET("/manage/conferences/{slug}", { params: { path: { slug } } })),
  });
}

/**
 * Saves the whole settings form with PUT (create or replace). The form always holds every
 * field, and a body without `pretalx.api_token` keeps the stored token, so the token never
 * has to travel back to the browser.
 */
export function useSaveConference() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ slug, body, create }: { slug: string; body: ConferenceBody; create: boolean }) => {
      if (create) {
        // PUT would replace an existing conference: refuse to "create" over one. (The list,
        // not a GET of the slug: a 404 there would be a failed request in the console.)
        const { conferences } = await unwrap(api.GET("/manage/conferences"));
        if (conferences.some((c) => c.slug === slug)) {
          throw new ApiError(409, "conference_exists", "A conference with this address already exists.", {
            slug: ["A conference with this address already exists: choose another."],
          });
        }
      }
      return unwrap(api.PUT("/manage/conferences/{slug}", { params: { path: { slug } }, body }));
    },
    onSuccess: async (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.public(saved.slug) });
      await storeAnswer(queryClient, keys.manage(saved.slug), saved);
    },
  });
}

export function usePretalxSync(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/manage/conferences/{slug}/pretalx/sync", { params: { path: { slug } } })),
    // New activities and talks may have arrived.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["console", slug] }),
  });
}

export type PretixItem = Schemas["PretixItemOut"];

/** The pretix event's products for the ticket picker; only once a token is saved (else 409). */
export function usePretixItems(slug: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.manage(slug), "pretix-items"] as const,
    enabled,
    retry: false,
    queryFn: () => unwrap(api.GET("/manage/conferences/{slug}/pretix/items", { params: { path: { slug } } })),
  });
}
