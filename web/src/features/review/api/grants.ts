/**
 * The reviewers' grant API: the list (with the conference-wide stats and budget), one grant's
 * full detail, the review PATCH guarded by the grant's version (If-Match), and messages.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ApiError } from "@/lib/api/errors";
import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { consoleGrantKeys, storeAnswer } from "@/lib/query";

export type GrantStatus = NonNullable<Schemas["GrantListQuery"]["status"]>;
export type GrantListPage = Schemas["GrantListOut"];
export type GrantListItem = Schemas["GrantListItem"];
export type GrantDetail = Schemas["ReviewerGrantDetail"];
export type ReviewChange = Schemas["ReviewIn-Input"];
export type ReviewerMessage = Schemas["ReviewerMessageOut"];

export const PAGE_SIZE = 50;

export const reviewKeys = {
  all: consoleGrantKeys.all,
  list: (slug: string, status: GrantStatus | null, ticketOwed = false) =>
    [...consoleGrantKeys.all(slug), "list", status ?? "all", ticketOwed ? "ticket-not-issued" : "any-ticket"] as const,
  detail: consoleGrantKeys.detail,
};

/**
 * Pages of grants (newest first, as the API orders them), `next_token` for the next page.
 * `ticketOwed`: only grants whose ticket voucher is still owed (the API filters; accepted by default).
 */
export function useGrantList(slug: string, status: GrantStatus | null, ticketOwed = false) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: reviewKeys.list(slug, status, ticketOwed),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/manage/conferences/{slug}/travel-grants", {
          params: {
            path: { slug },
            query: {
              limit: PAGE_SIZE,
              ...(status ? { status } : {}),
              ...(ticketOwed ? { ticket: "not_issued" as const } : {}),
              ...(pageParam ? { next_token: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.next_token ?? null,
  });
}

export function useGrantDetail(slug: string, grantId: string) {
  const api = useApi();
  return useQuery({
    queryKey: reviewKeys.detail(slug, grantId),
    queryFn: () =>
      unwrap(api.GET("/manage/conferences/{slug}/travel-grants/{grant_id}", { params: { path: { slug, grant_id: grantId } } })),
  });
}

/** A 412: someone else saved the grant after the version this form was based on. */
export function isVersionConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

/**
 * Saves a review with `If-Match: <version>`: the API refuses (412) when the grant changed
 * since that version, so two reviewers never silently overwrite each other.
 */
export function useSaveReview(slug: string, grantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ change, version }: { change: ReviewChange; version: number }) =>
      unwrap(
        api.PATCH("/manage/conferences/{slug}/travel-grants/{grant_id}", {
          params: { path: { slug, grant_id: grantId } },
          headers: { "If-Match": String(version) },
          body: change,
        }),
      ),
    onSuccess: (saved) => {
      // The detail shows the saved version at once (the form bases its next edit on it).
      return storeAnswer<GrantDetail>(queryClient, reviewKeys.detail(slug, grantId), (old) => (old ? { ...old, ...saved } : old));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all(slug) }),
  });
}

export function useSendReviewerMessage(slug: string, grantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { message: string; visible: boolean }) =>
      unwrap(
        api.POST("/manage/conferences/{slug}/travel-grants/{grant_id}/messages", {
          params: { path: { slug, grant_id: grantId } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.detail(slug, grantId) }),
  });
}

export type TicketStatus = NonNullable<GrantListItem["ticket_status"]>;

/** Tickets still owed to their grant: the console's "ticket not issued" filter. */
export function ticketNotIssued(status: GrantListItem["ticket_status"]): boolean {
  return status === "pending" || status === "failed";
}

/** Ask pretix for the grant's voucher again, now (a failed or pending ticket). */
export function useRetryTicket(slug: string, grantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/manage/conferences/{slug}/travel-grants/{grant_id}/ticket/retry", {
          params: { path: { slug, grant_id: grantId } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all(slug) }),
  });
}
