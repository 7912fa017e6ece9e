/**
 * The committee's proposed allocation (writes nothing) and bulk review (the offers it leads
 * to, each applied as the single review would be, with its own answer).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { consoleGrantKeys } from "@/lib/query";
import { translate } from "@/lib/i18n";

export type AllocationBody = Schemas["AllocationIn-Input"];
export type Allocation = Schemas["AllocationOut"];
export type ProposalRow = Schemas["ProposalRow"];
export type FloorBody = Schemas["FloorIn-Input"];
export type BulkReview = Schemas["BulkReviewItem-Input"];
export type BulkResult = Schemas["BulkReviewResult"];

export function useProposeAllocation(slug: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (body: AllocationBody) =>
      unwrap(api.POST("/manage/conferences/{slug}/travel-grants/allocation", { params: { path: { slug } }, body })),
  });
}

export function useBulkReview(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reviews: BulkReview[]) =>
      unwrap(
        api.POST("/manage/conferences/{slug}/travel-grants/bulk-review", {
          params: { path: { slug } },
          body: { reviews },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: consoleGrantKeys.all(slug) }),
  });
}

/** The offer each funded row becomes: its requested amount (no amount for a ticket only), at the proposed version. */
export function offersFor(rows: readonly ProposalRow[]): BulkReview[] {
  return rows
    .filter((row) => row.funded)
    .map((row) =>
      row.request_type === "ticket_only"
        ? { grant_id: row.grant_id, status: "offered", version: row.version }
        : { grant_id: row.grant_id, status: "offered", approved_amount: row.amount, version: row.version },
    );
}

/** What a failed offer's answer means for the committee, and whether sending it again can help. */
export function resultWords(result: BulkResult): { text: string; retryable: boolean } {
  if (result.status === 200) return { text: translate("allocation.result.offered"), retryable: false };
  const message = result.error?.message ?? translate("allocation.result.failed");
  if (result.status === 412) return { text: translate("allocation.result.changed"), retryable: true };
  if (result.status === 409) return { text: translate("allocation.result.conflict", { message }), retryable: true };
  if (result.status >= 500) return { text: translate("allocation.result.later", { message }), retryable: true };
  return { text: message, retryable: false };
}
