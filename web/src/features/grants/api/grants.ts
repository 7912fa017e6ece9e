/** The applicant's grant: queries, mutations and cache keys. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { isNotFound, storeAnswer } from "@/lib/query";

export type Grant = Schemas["GrantOut"];
export type GrantStatus = Grant["status"];
export type GrantApplication = Schemas["GrantApplicationIn-Input"];
export type GrantEdit = Schemas["GrantEditIn-Input"];
export type Day = Schemas["DayOut"];

export const grantKeys = {
  grant: (slug: string) => ["grant", slug] as const,
  days: (slug: string) => ["grant", slug, "days"] as const,
};

/** The caller's grant, or null when they have not applied (asked as a quiet 204, not a 404) or grants are off. */
export function useGrant(slug: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: grantKeys.grant(slug),
    enabled,
    queryFn: async (): Promise<Grant | null> => {
      try {
        // A 204 (nothing yet) has no body: the typed client does not know that, so say it here.
        const grant = (await unwrap(
          api.GET("/conferences/{slug}/travel-grant", { params: { path: { slug }, query: { empty_ok: true } } }),
        )) as Grant | undefined;
        return grant ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  });
}

export function useDays(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: grantKeys.days(slug),
    queryFn: () => unwrap(api.GET("/conferences/{slug}/travel-grant/days", { params: { path: { slug } } })),
    select: (data) => data.days,
    staleTime: 5 * 60_000,
  });
}

function useSetGrant(slug: string) {
  const queryClient = useQueryClient();
  return (grant: Grant) => storeAnswer<Grant | null>(queryClient, grantKeys.grant(slug), grant);
}

export function useApply(slug: string) {
  const api = useApi();
  const setGrant = useSetGrant(slug);
  return useMutation({
    mutationFn: (body: GrantApplication) =>
      unwrap(api.POST("/conferences/{slug}/travel-grant", { params: { path: { slug } }, body })),
    onSuccess: setGrant,
  });
}

export function useEditGrant(slug: string) {
  const api = useApi();
  const setGrant = useSetGrant(slug);
  return useMutation({
    mutationFn: (body: GrantEdit) =>
      unwrap(api.PATCH("/conferences/{slug}/travel-grant", { params: { path: { slug } }, body })),
    onSuccess: setGrant,
  });
}

export type SimpleAction = "accept" | "decline" | "withdraw";

/** Accept, decline, withdraw, provide information, request more: each answers the new grant. */
export function useGrantAction(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (
      action:
        | { kind: SimpleAction; amount?: string | null }
        | { kind: "provide-info"; message: string }
        | { kind: "request-more"; message: string; amount?: string },
    ): Promise<Grant> => {
      const path = { params: { path: { slug } } };
      const empty = { ...path, body: {} };
      switch (action.kind) {
        case "accept":
          // The amount the applicant was shown: if the offer changed meanwhile, the API answers 409 offer_changed.
          return unwrap(api.POST("/conferences/{slug}/travel-grant/accept", {
            ...path, body: action.amount ? { approved_amount: action.amount } : {},
          }));
        case "decline":
          return unwrap(api.POST("/conferences/{slug}/travel-grant/decline", empty));
        case "withdraw":
          return unwrap(api.POST("/conferences/{slug}/travel-grant/withdraw", empty));
        case "provide-info":
          return unwrap(
            api.POST("/conferences/{slug}/travel-grant/provide-info", { ...path, body: { message: action.message } }),
          );
        case "request-more":
          return unwrap(
            api.POST("/conferences/{slug}/travel-grant/request-more", {
              ...path,
              body: { message: action.message, ...(action.amount ? { amount: action.amount } : {}) },
            }),
          );
      }
    },
    onSuccess: (grant) => storeAnswer<Grant | null>(queryClient, grantKeys.grant(slug), grant),
    // A 409 invalid_state means our copy is stale: show the server's current state.
    onError: () => queryClient.invalidateQueries({ queryKey: grantKeys.grant(slug) }),
  });
}

export function useSendMessage(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: string) =>
      unwrap(api.POST("/conferences/{slug}/travel-grant/messages", { params: { path: { slug } }, body: { message } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: grantKeys.grant(slug) }),
  });
}
