/** The receipt review queue: a random pending receipt, one receipt with its download URL, approve, flag. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { consoleGrantKeys, storeAnswer } from "@/lib/query";

export type ReviewerReceipt = Schemas["ReviewerReceipt"];

const keys = {
  receipt: (slug: string, id: string) => ["console", slug, "receipts", id] as const,
  // A decision changes the grant's receipts: refresh the console's grant pages.
  grants: consoleGrantKeys.all,
};

/** Asks for the next pending receipt: the receipt, or null when the queue is empty (204). */
export function useNextReceipt(slug: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async (): Promise<ReviewerReceipt | null> => {
      const result = await api.GET("/manage/conferences/{slug}/receipts/next", { params: { path: { slug } } });
      if (result.response.status === 204) return null; // nothing pending
      return unwrap(Promise.resolve(result));
    },
  });
}

/**
 * One receipt. Its `download_url` expires within 300 s, so it is never cached for long: the
 * preview is loaded right after this answer.
 */
export function useReceipt(slug: string, receiptId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.receipt(slug, receiptId),
    queryFn: () =>
      unwrap(api.GET("/manage/conferences/{slug}/receipts/{receipt_id}", { params: { path: { slug, receipt_id: receiptId } } })),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

function useDecision<T>(slug: string, receiptId: string, call: (body: T) => Promise<ReviewerReceipt>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: async (receipt) => {
      void queryClient.invalidateQueries({ queryKey: keys.grants(slug) });
      await storeAnswer<ReviewerReceipt>(queryClient, keys.receipt(slug, receiptId), (old) => ({ ...old, ...receipt }));
    },
  });
}

export function useApproveReceipt(slug: string, receiptId: string) {
  const api = useApi();
  return useDecision(slug, receiptId, () =>
    unwrap(api.POST("/manage/conferences/{slug}/receipts/{receipt_id}/approve", { params: { path: { slug, receipt_id: receiptId } }, body: {} })),
  );
}

export function useFlagReceipt(slug: string, receiptId: string) {
  const api = useApi();
  return useDecision(slug, receiptId, (reason: string) =>
    unwrap(
      api.POST("/manage/conferences/{slug}/receipts/{receipt_id}/flag", {
        params: { path: { slug, receipt_id: receiptId } },
        body: { reason },
      }),
    ),
  );
}

/**
 * Fetches the file behind a presigned URL into a blob: URL for an inline preview (the page's
 * Content-Security-Policy allows blob: frames and images, and the bucket's origin for fetch).
 */
export function useReceiptFile(url: string | null | undefined) {
  return useQuery({
    queryKey: ["receipt-file", url],
    enabled: Boolean(url),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    queryFn: async () => {
      const response = await fetch(url ?? "");
      if (!response.ok) throw new Error(`The file could not be loaded (${response.status}).`);
      return response.blob();
    },
  });
}
