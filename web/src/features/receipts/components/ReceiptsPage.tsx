/** Receipts: the list with status, flagged reason and total; upload; delete where allowed. */
import { useState } from "react";
import { Link } from "react-router";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Money } from "@/components/Money";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { ApiError } from "@/lib/api/errors";
import { formatDay } from "@/utils/dates";

import { useDeleteReceipt, useOpenReceipt, useReceipts, type Receipt } from "../api/receipts";
import { UploadReceiptForm } from "./UploadReceiptForm";
import { receiptTypeLabel } from "@/lib/receipt-types";

const STATUS: Record<Receipt["status"], { text: string; badge: string }> = {
  awaiting_upload: { text: "Waiting for the file", badge: "badge--muted" },
  pending: { text: "Waiting for review", badge: "badge--warn" },
  approved: { text: "Approved", badge: "badge--ok" },
  flagged: { text: "Flagged", badge: "badge--danger" },
  replaced: { text: "Replaced by a newer receipt", badge: "badge--muted" },
  missing_file: { text: "File missing", badge: "badge--danger" },
};

export function ReceiptsPage({ slug }: { slug: string }) {
  const query = useReceipts(slug);
  const [replacing, setReplacing] = useState<Receipt | null>(null);
  const locked = query.error instanceof ApiError && query.error.code === "receipts_locked" ? query.error : null;
  return (
    <>
      <PageTitle>Receipts</PageTitle>
      <p>
        <Link to={`/c/${slug}/grant`}>Back to your travel grant</Link>
      </p>
      {locked ? (
        <p className="notice">{locked.message} Receipts open once you have accepted an offer with an amount.</p>
      ) : (
        <QueryState query={query} loadingLabel="Loading your receipts…">
          {(data) => (
            <>
              <ReceiptTable slug={slug} receipts={data.receipts} onReplace={setReplacing} />
              <p className="total">
                Total of your receipts waiting for review or approved: <Money value={data.total} />
              </p>
              <p className="muted">
                Approved so far: <Money value={data.approved_total} />. Flagged and replaced receipts are not counted.
              </p>
              <UploadReceiptForm key={replacing?.id ?? "new"} slug={slug} replaces={replacing} onDone={() => setReplacing(null)} />
            </>
          )}
        </QueryState>
      )}
    </>
  );
}

function ReceiptTable({ slug, receipts, onReplace }: { slug: string; receipts: Receipt[]; onReplace: (r: Receipt) => void }) {
  const remove = useDeleteReceipt(slug);
  const open = useOpenReceipt(slug);
  const [deleting, setDeleting] = useState<Receipt | null>(null);
  if (!receipts.length) return <p>No receipts yet. Upload your travel receipts below: airfare, lodging, ground transport, visa or other.</p>;
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Your receipts</caption>
          <thead>
            <tr>
              <th scope="col">Receipt</th>
              <th scope="col">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {receipts.map((receipt) => (
              <tr key={receipt.id}>
                <td>
                  <strong>{receiptTypeLabel(receipt.receipt_type)}</strong>, {formatDay(receipt.date)}
                  <br />
                  {receipt.description ? <>{receipt.description}<br /></> : null}
                  <span className="muted">{receipt.filename}</span>
                </td>
                <td>
                  <Money value={receipt.amount} />
                </td>
                <td>
                  <span className={`badge ${STATUS[receipt.status].badge}`}>{STATUS[receipt.status].text}</span>
                  {receipt.status === "flagged" && receipt.flagged_reason ? (
                    <p>Reason: {receipt.flagged_reason}</p>
                  ) : null}
                </td>
                <td>
                  {receipt.status !== "awaiting_upload" ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={`Open file ${receipt.filename}`}
                      disabled={open.isPending}
                      onClick={() =>
                        open.mutate(receipt.id, {
                          onSuccess: (found) => {
                            if (found.download_url) window.open(found.download_url, "_blank", "noopener");
                          },
                        })
                      }
                    >
                      Open file
                    </button>
                  ) : null}
                  {receipt.can_replace ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={`Replace receipt ${receipt.filename}`}
                      onClick={() => onReplace(receipt)}
                    >
                      Replace receipt
                    </button>
                  ) : null}
                  {receipt.can_delete ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={`Delete receipt ${receipt.filename}`}
                      onClick={() => {
                        remove.reset();
                        setDeleting(receipt);
                      }}
                    >
                      Delete receipt
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorMessage error={remove.error ?? open.error} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this receipt?"
        confirmLabel="Delete receipt"
        cancelLabel="Keep it"
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
      >
        <p>{deleting ? `${deleting.filename} will be deleted for good.` : null}</p>
      </ConfirmDialog>
    </>
  );
}
