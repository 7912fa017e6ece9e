/** The applicant's payment details: only ever read back masked. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { isNotFound, storeAnswer } from "@/lib/query";

export type PaymentInput = Schemas["PaymentInfoIn"];
export type PaymentMethod = PaymentInput["payment_method"];
export type MaskedPayment = Schemas["PaymentInfoOut"];

export const paymentKeys = { info: (slug: string) => ["payment-info", slug] as const };

/** The masked details, or null when none were given yet (asked as a quiet 204, not a 404). */
export function usePaymentInfo(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: paymentKeys.info(slug),
    queryFn: async (): Promise<MaskedPayment | null> => {
      try {
        // A 204 (nothing yet) has no body: the typed client does not know that, so say it here.
        const masked = (await unwrap(
          api.GET("/conferences/{slug}/travel-grant/payment-info", { params: { path: { slug }, query: { empty_ok: true } } }),
        )) as MaskedPayment | undefined;
        return masked ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  });
}

export function useSavePaymentInfo(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PaymentInput) =>
      unwrap(api.PUT("/conferences/{slug}/travel-grant/payment-info", { params: { path: { slug } }, body })),
    onSuccess: (masked) => storeAnswer(queryClient, paymentKeys.info(slug), masked),
  });
}
