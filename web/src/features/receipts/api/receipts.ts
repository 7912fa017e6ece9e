/** Receipts of the caller's accepted grant: list, upload (create → S3 → complete), delete. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { useApi } from "@/lib/api/context";

import { uploadToBucket } from "./upload";

export type Receipt = Schemas["ReceiptOut"];
export type ReceiptInput = Omit<Schemas["ReceiptIn-Input"], "filename" | "content_type" | "size">;
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_TYPES = { "application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"] } as const;
export type AcceptedType = keyof typeof ACCEPTED_TYPES;

export const receiptKeys = { list: (slug: string) => ["receipts", slug] as const };

export function useReceipts(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: receiptKeys.list(slug),
    queryFn: () => unwrap(api.GET("/conferences/{slug}/travel-grant/receipts", { params: { path: { slug } } })),
    // Uploaded receipts are verified in the background: look again while any is in flight.
    refetchInterval: (query) =>
      query.state.data?.receipts.some((r) => r.status === "awaiting_upload") ? 5_000 : false,
  });
}

/** The content type the API expects for a file, from its name (the API checks the bytes too). */
export function contentTypeOf(file: File): AcceptedType | null {
  const name = file.name.toLowerCase();
  for (const [type, extensions] of Object.entries(ACCEPTED_TYPES) as [AcceptedType, readonly string[]][]) {
    if (extensions.some((ext) => name.endsWith(ext))) return type;
  }
  return null;
}

export function useUploadReceipt(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ input, file, onProgress }: { input: ReceiptInput; file: File; onProgress: (f: number) => void }) => {
      const contentType = contentTypeOf(file);
      if (!contentType) throw new Error("unsupported file type"); // the form checks this first
      const path = { params: { path: { slug } } };
      const created = await unwrap(
        api.POST("/conferences/{slug}/travel-grant/receipts", {
          ...path,
          body: { ...input, filename: file.name, content_type: contentType, size: file.size },
        }),
      );
      const receiptPath = { params: { path: { slug, receipt_id: created.receipt.id } } };
      // A receipt whose file never arrived, or was refused, is removed again (best effort;
      // the list offers "Delete receipt" for any left behind).
      const discard = () =>
        api.DELETE("/conferences/{slug}/travel-grant/receipts/{receipt_id}", receiptPath).catch(() => undefined);
      try {
        await uploadToBucket(created.upload, file, onProgress);
      } catch (error) {
        await discard();
        throw error;
      }
      try {
        return await unwrap(
          api.POST("/conferences/{slug}/travel-grant/receipts/{receipt_id}/complete", { ...receiptPath, body: {} }),
        );
      } catch (error) {
        // Not on a network failure: the file is in the bucket and is verified in the background.
        if (error instanceof ApiError && error.code === "invalid_upload") await discard();
        throw error;
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: receiptKeys.list(slug) }),
  });
}

/** A link to one of the caller's own receipt files (presigned, valid a few minutes): fetched on demand. */
export function useOpenReceipt(slug: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (receiptId: string) =>
      unwrap(
        api.GET("/conferences/{slug}/travel-grant/receipts/{receipt_id}", {
          params: { path: { slug, receipt_id: receiptId } },
        }),
      ),
  });
}

export function useDeleteReceipt(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (receiptId: string) =>
      unwrap(
        api.DELETE("/conferences/{slug}/travel-grant/receipts/{receipt_id}", {
          params: { path: { slug, receipt_id: receiptId } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: receiptKeys.list(slug) }),
  });
}
