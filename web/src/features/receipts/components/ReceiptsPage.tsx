/** Receipts: the list with status, flagged reason and total; upload; delete where allowed. */
import { useState, type ReactNode } from "react";
import { Link } from "react-router";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Money } from "@/components/Money";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { ApiError } from "@/lib/api/errors";
import { useRich, useT, type MessageId } from "@/lib/i18n";
import { formatDay } from "@/utils/dates";

import { useDeleteReceipt, useOpenReceipt, useReceipts, type Receipt } from "../api/receipts";
import { UploadReceiptForm } from "./UploadReceiptForm";
import { receiptTypeLabel } from "@/lib/receipt-types";
import { tableRegion } from "@/components/tableRegion";

const STATUS: Record<Receipt["status"], { text: MessageId; badge: string }> = {
  awaiting_upload: { text: "receipts.status.awaiting_upload", badge: "badge--muted" },
  pending: { text: "receipts.status.pending", badge: "badge--warn" },
  approved: { text: "receipts.status.approved", badge: "badge--ok" },
  flagged: { text: "receipts.status.flagged", badge: "badge--danger" },
  replaced: { text: "receipts.status.replaced", badge: "badge--muted" },
  missing_file: { text: "receipts.status.missing_file", badge: "badge--danger" },
};

export function ReceiptsPage({ slug }: { slug: string }) {
  const t = useT();
  const rich = useRich();
  const query = useReceipts(slug);
  const [replacing, setReplacing] = useState<Receipt | null>(null);
  const locked = query.error instanceof ApiError && query.error.code === "receipts_locked" ? query.error : null;
  return (
    <>
      <PageTitle>{t("receipts.title")}</PageTitle>
      <p>
        <Link to={`/c/${slug}/grant`}>{t("receipts.back")}</Link>
      </p>
      {locked ? (
        <p className="notice">{t("receipts.locked", { message: locked.message })}</p>
      ) : (
        <QueryState query={query} loadingLabel={t("receipts.loading")}>
          {(data) => (
            <>
              <ReceiptTable slug={slug} receipts={data.receipts} onReplace={setReplacing} />
              <p className="total">{rich("receipts.total", { total: <Money value={data.total} /> })}</p>
              <p className="muted">{rich("receipts.approvedTotal", { total: <Money value={data.approved_total} /> })}</p>
              <UploadReceiptForm key={replacing?.id ?? "new"} slug={slug} replaces={replacing} onDone={() => setReplacing(null)} />
            </>
          )}
        </QueryState>
      )}
    </>
  );
}

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

function ReceiptTable({ slug, receipts, onReplace }: { slug: string; receipts: Receipt[]; onReplace: (r: Receipt) => void }) {
  const t = useT();
  const rich = useRich();
  const remove = useDeleteReceipt(slug);
  const open = useOpenReceipt(slug);
  const [deleting, setDeleting] = useState<Receipt | null>(null);
  if (!receipts.length) return <p>{t("receipts.none")}</p>;
  return (
    <>
      <div {...tableRegion({ label: t("receipts.caption") })}>
        <table>
          <caption className="visually-hidden">{t("receipts.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("receipts.receipt")}</th>
              <th scope="col">{t("receipts.amount")}</th>
              <th scope="col">{t("receipts.status")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("receipts.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {receipts.map((receipt) => (
              <tr key={receipt.id}>
                <td>
                  {rich("receipts.typeAndDay", { type: receiptTypeLabel(receipt.receipt_type), day: formatDay(receipt.date), strong })}
                  <br />
                  {receipt.description ? <>{receipt.description}<br /></> : null}
                  <span className="muted">{receipt.filename}</span>
                </td>
                <td>
                  <Money value={receipt.amount} />
                </td>
                <td>
                  <span className={`badge ${STATUS[receipt.status].badge}`}>{t(STATUS[receipt.status].text)}</span>
                  {receipt.status === "flagged" && receipt.flagged_reason ? (
                    <p>{t("receipts.reason", { reason: receipt.flagged_reason })}</p>
                  ) : null}
                </td>
                <td>
                  {receipt.status !== "awaiting_upload" ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={t("receipts.openFileNamed", { filename: receipt.filename })}
                      disabled={open.isPending}
                      onClick={() =>
                        open.mutate(receipt.id, {
                          onSuccess: (found) => {
                            if (found.download_url) window.open(found.download_url, "_blank", "noopener");
                          },
                        })
                      }
                    >
                      {t("receipts.openFile")}
                    </button>
                  ) : null}
                  {receipt.can_replace ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={t("receipts.replaceNamed", { filename: receipt.filename })}
                      onClick={() => onReplace(receipt)}
                    >
                      {t("receipts.replace")}
                    </button>
                  ) : null}
                  {receipt.can_delete ? (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={t("receipts.deleteNamed", { filename: receipt.filename })}
                      onClick={() => {
                        remove.reset();
                        setDeleting(receipt);
                      }}
                    >
                      {t("receipts.delete")}
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
        title={t("receipts.deleteTitle")}
        confirmLabel={t("receipts.delete")}
        cancelLabel={t("receipts.keep")}
        danger
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
      >
        <p>{deleting ? t("receipts.deleteBody", { filename: deleting.filename }) : null}</p>
      </ConfirmDialog>
    </>
  );
}
