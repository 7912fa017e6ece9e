/** The grant's receipts with their review state; a link to review each one where allowed. */
import { Link } from "react-router";

import { Money } from "@/components/Money";
import { formatDay } from "@/utils/dates";

import type { Schemas } from "@/lib/api/client";

import type { GrantDetail } from "../api/grants";
import { receiptTypeLabel } from "@/lib/receipt-types";

// The reviewer detail declares `receipts` as an array of objects; each is the receipt the
// applicant sees (ReceiptOut in the API's schema).
type Receipt = Schemas["ReceiptOut"];

const RECEIPT_WORDS: Record<string, string> = {
  awaiting_upload: "Awaiting upload",
  pending: "Waiting for review",
  approved: "Approved",
  flagged: "Flagged",
  replaced: "Replaced by a newer receipt",
  missing_file: "File missing: not served",
};

export function GrantReceipts({ grant, receiptHref }: { grant: GrantDetail; receiptHref?: ((id: string) => string) | undefined }) {
  const receipts = grant.receipts as Receipt[];
  if (receipts.length === 0) return <p>No receipts yet.</p>;
  return (
    // Focusable: on a phone the table scrolls sideways, and keyboard users must reach it too.
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Receipts, scrolls sideways on small screens">
      <table aria-label="Receipts">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Amount</th>
            <th scope="col">Date</th>
            <th scope="col">Description</th>
            <th scope="col">Status</th>
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
                <span className="muted"> ({receipt.filename})</span>
              </td>
              <td>
                {RECEIPT_WORDS[receipt.status] ?? receipt.status}
                {receipt.flagged_reason ? <span>: {receipt.flagged_reason}</span> : null}
                {receiptHref && receipt.status !== "awaiting_upload" ? (
                  <>
                    {" "}
                    <Link to={receiptHref(receipt.id)}>Open receipt {receipt.filename}</Link>
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
