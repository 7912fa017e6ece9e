/** Payers: the grants ready for disbursement, the decrypted payment details (an audited read), disbursing. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import type { paths } from "@/lib/api/schema";
import { useApi } from "@/lib/api/context";
import { consoleGrantKeys, storeAnswer } from "@/lib/query";

export type PaymentDetails = Schemas["PaymentInfoOut"];
export type ReadyGrant = Schemas["GrantListItem"];

type ListQuery = NonNullable<paths["/manage/conferences/{slug}/travel-grants"]["get"]["parameters"]["query"]>;

// Recording a disbursement or reading payment details changes the grant and its audit trail:
// both refresh the console's grant cache (consoleGrantKeys, shared with features/review).
const grantsKey = consoleGrantKeys.all;

/** Grants ready for disbursement (accepted, payment details given, a receipt approved). */
export function useReadyGrants(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...grantsKey(slug), "ready"],
    queryFn: async () => {
      const grants: ReadyGrant[] = [];
      let token: string | null = null;
      // Payers need the whole (short) list on one page; follow next_token to its end.
      do {
        const query: ListQuery = { ready: true, limit: 200, ...(token ? { next_token: token } : {}) };
        const page = await unwrap(api.GET("/manage/conferences/{slug}/travel-grants", { params: { path: { slug }, query } }));
        grants.push(...page.grants);
        token = page.next_token ?? null;
      } while (token);
      return grants;
    },
  });
}

/** Reads the decrypted payment details: an explicit action, because the API records each read. */
export function useRevealPaymentDetails(slug: string, grantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.GET("/manage/conferences/{slug}/travel-grants/{grant_id}/payment-info", { params: { path: { slug, grant_id: grantId } } })),
    // The read is now in the audit trail: show it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: consoleGrantKeys.detail(slug, grantId) }),
  });
}

/** A payment as the payer records it: the amount, the payment's reference, and why it exceeds the suggestion. */
export type Disbursement = { amount: string; reference: string; reason: string };

/**
 * Records the disbursement. The grant's cached detail takes the answer's fields at once, then
 * every grant query refetches (the payer keeps reading a grant they paid, audit trail included).
 */
export function useRecordDisbursement(slug: string, grantId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (payment: Disbursement) =>
      unwrap(
        api.POST("/manage/conferences/{slug}/travel-grants/{grant_id}/disburse", {
          params: { path: { slug, grant_id: grantId } },
          body: {
            disbursed_amount: payment.amount,
            ...(payment.reference ? { reference: payment.reference } : {}),
            ...(payment.reason ? { override_reason: payment.reason } : {}),
          },
        }),
      ),
    onSuccess: async (paid) => {
      await storeAnswer<object>(queryClient, consoleGrantKeys.detail(slug, grantId), (old) =>
        old ? { ...old, ...paid, ready_for_disbursement: false } : old,
      );
      void queryClient.invalidateQueries({ queryKey: grantsKey(slug) });
    },
  });
}
