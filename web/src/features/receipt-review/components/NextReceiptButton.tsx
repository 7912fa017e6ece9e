/** "Next receipt": asks the queue for a pending receipt and opens it, or says the queue is empty. */
import { ErrorMessage } from "@/components/ErrorMessage";

import { useNextReceipt } from "../api/receipts";

export function NextReceiptButton({ slug, onOpen }: { slug: string; onOpen: (receiptId: string) => void }) {
  const next = useNextReceipt(slug);
  return (
    <div className="next-receipt">
      <button
        type="button"
        className="button"
        disabled={next.isPending}
        onClick={() =>
          next.mutate(undefined, {
            onSuccess: (receipt) => {
              if (receipt) onOpen(receipt.id);
            },
          })
        }
      >
        Next receipt
      </button>
      <div aria-live="polite">
        {next.isSuccess && next.data === null ? <p className="notice notice--ok">No receipts are waiting for review. Well done.</p> : null}
      </div>
      {next.isError ? <ErrorMessage error={next.error} onRetry={() => next.mutate(undefined)} /> : null}
    </div>
  );
}
