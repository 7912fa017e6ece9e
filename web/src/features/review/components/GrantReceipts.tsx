/** The grant's receipts with their review state; a link to review each one where allowed. */
import { Link } from "react-router";

import { Money } from "@/components/Money";
import { formatDay } from "@/utils/dates";

import type { Schemas } from "@/lib/api/client";
import { useT, type MessageId } from "@/lib/i18n";

import type { GrantDetail } from "../api/grants";
import { receiptTypeLabel } from "@/lib/receipt-types";
import { tableRegion } from "@/components/tableRegion";

// The reviewer detail declares `receipts` as an array of objects; each is the receipt the
// applicant sees (ReceiptOut in the API's schema).
type Receipt = Schemas["ReceiptOut"];

const RECEIPT_WORDS: Partial<Record<string, MessageId>> = {
  awaiting_upload: "grantReceipts.status.awaiting_upload",
  pending: "grantReceipts.status.pending",
  approved: "grantReceipts.status.approved",
  flagged: "grantReceipts.status.flagged",
  replaced: "grantReceipts.status.replaced",
  missing_file: "grantReceipts.status.missing_file",
};

export function GrantReceipts({ grant, receiptHref }: { grant: GrantDetail; receiptHref?: ((id: string) => string) | undefined }) {
  const t = useT();
  const receiptStatus = (status: string) => {
    const id = RECEIPT_WORDS[status];
    return id ? t(id) : status;
  };
  const receipts = grant.receipts as Receipt[];
  if (receipts.length === 0) return <p>{t("grantReceipts.none")}</p>;
  return (
    // Focusable: on a phone the table scrolls sideways, and keyboard users must reach it too.
    <div {...tableRegion({ label: t("grantReceipts.scrollRegion") })}>
      <table aria-label={t("grantReceipts.table")}>
        <thead>
          <tr>
            <th scope="col">{t("grantReceipts.type")}</th>
            <th scope="col">{t("grantReceipts.amount")}</th>
            <th scope="col">{t("grantReceipts.date")}</th>
            <th scope="col">{t("grantReceipts.description")}</th>
            <th scope="col">{t("grantReceipts.statusColumn")}</th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((receipt) => (
            <tr key={receipt.id}>
              <td>{receiptTypeLabel(receipt.receipt_type)}</td>
              <td><Money value={receipt.amount} /></td>
              <td>{formatDay(receipt.date)}</td>
              <td>
                {receipt.description}
                <span className="muted"> {t("grantReceipts.filename", { filename: receipt.filename })}</span>
              </td>
              <td>
                {receiptStatus(receipt.status)}
                {receipt.flagged_reason ? <span>{t("grantReceipts.flaggedReason", { reason: receipt.flagged_reason })}</span> : null}
                {receiptHref && receipt.status !== "awaiting_upload" ? (
                  <>
                    {" "}
                    <Link to={receiptHref(receipt.id)}>{t("grantReceipts.open", { filename: receipt.filename })}</Link>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
