/** "Next receipt": asks the queue for a pending receipt and opens it, or says the queue is empty. */
import { ErrorMessage } from "@/components/ErrorMessage";
import { useT } from "@/lib/i18n";

import { useNextReceipt } from "../api/receipts";

export function NextReceiptButton({ slug, onOpen }: { slug: string; onOpen: (receiptId: string) => void }) {
  const t = useT();
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
        {t("nextReceipt.button")}
      </button>
      <div aria-live="polite">
        {next.isSuccess && next.data === null ? <p className="notice notice--ok">{t("nextReceipt.empty")}</p> : null}
      </div>
      {next.isError ? <ErrorMessage error={next.error} onRetry={() => next.mutate(undefined)} /> : null}
    </div>
  );
}
