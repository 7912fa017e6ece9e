/**
 * One receipt under review: its facts, the file inline, "Approve", and "Flag" with a reason
 * (required, shown to the applicant). Decided receipts show the decision instead.
 */
import { useForm } from "react-hook-form";
import { Link } from "react-router";

import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { Money } from "@/components/Money";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { applyServerErrors } from "@/lib/forms";
import { formatDay, formatTimestamp } from "@/utils/dates";
import { actorName } from "@/utils/people";

import { useApproveReceipt, useFlagReceipt, useReceipt, type ReviewerReceipt } from "../api/receipts";
import { ReceiptPreview } from "./ReceiptPreview";
import { receiptTypeLabel } from "@/lib/receipt-types";

type Props = { slug: string; receiptId: string; grantHref: (grantId: string) => string; next: React.ReactNode };

export function ReceiptReview({ slug, receiptId, grantHref, next }: Props) {
  const query = useReceipt(slug, receiptId);
  return (
    <QueryState query={query} loadingLabel="Loading the receipt…">
      {(receipt) => (
        <>
          <PageTitle title={`Receipt ${receipt.filename}`}>{`Receipt: ${receipt.description || receipt.filename}`}</PageTitle>
          <div className="split">
            <div className="split__main">
              <ReceiptPreview receipt={receipt} />
            </div>
            <div className="split__side">
              <dl className="facts">
                <dt>Applicant</dt>
                <dd>{receipt.applicant.name || receipt.applicant.email}</dd>
                <dt>Grant</dt>
                <dd><Link to={grantHref(receipt.grant_id)}>Open the grant</Link></dd>
                <dt>Type</dt>
                <dd>{receiptTypeLabel(receipt.receipt_type)}</dd>
                <dt>Amount</dt>
                <dd><Money value={receipt.amount} /></dd>
                <dt>Date</dt>
                <dd>{formatDay(receipt.date)}</dd>
                <dt>Description</dt>
                <dd>{receipt.description}</dd>
                <dt>File</dt>
                <dd>{receipt.filename}</dd>
                <dt>Uploaded</dt>
                <dd>{receipt.uploaded_at ? formatTimestamp(receipt.uploaded_at) : "Not yet"}</dd>
              </dl>
              <Decision slug={slug} receipt={receipt} />
              {next}
            </div>
          </div>
        </>
      )}
    </QueryState>
  );
}

function Decision({ slug, receipt }: { slug: string; receipt: ReviewerReceipt }) {
  const approve = useApproveReceipt(slug, receipt.id);
  const flag = useFlagReceipt(slug, receipt.id);
  const form = useForm<{ reason: string }>({ defaultValues: { reason: "" } });
  if (receipt.status === "approved") {
    return <p className="notice notice--ok" role="status">Approved{receipt.reviewed_by ? ` by ${actorName(receipt.reviewed_by_name, receipt.reviewed_by)}` : ""}.</p>;
  }
  if (receipt.status === "flagged") {
    return (
      <p className="notice" role="status">
        Flagged: {receipt.flagged_reason}
      </p>
    );
  }
  if (receipt.status !== "pending") return <p>This receipt is not uploaded yet.</p>;
  const busy = approve.isPending || flag.isPending;
  const onFlag = form.handleSubmit(({ reason }) =>
    flag.mutateAsync(reason.trim()).catch((error: unknown) => void applyServerErrors(error, form.setError, ["reason"])),
  );
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">Decision</h2>
      <FormError error={approve.error ?? (flag.error && !form.formState.errors.reason ? flag.error : null)} />
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => approve.mutate(undefined)}>
          Approve
        </button>
      </div>
      <form onSubmit={(e) => void onFlag(e)} noValidate aria-label="Flag this receipt">
        <Field label="Reason for flagging" hint="Required to flag; the applicant sees it." error={form.formState.errors.reason?.message}>
          {(props) => (
            <textarea {...props} {...form.register("reason", { validate: (v) => v.trim() !== "" || "Say why the receipt is flagged." })} />
          )}
        </Field>
        <button type="submit" className="button button--danger" disabled={busy}>
          Flag
        </button>
      </form>
    </section>
  );
}
