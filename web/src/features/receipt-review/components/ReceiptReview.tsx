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
import { useT } from "@/lib/i18n";
import { formatDay, formatTimestamp } from "@/utils/dates";
import { actorName } from "@/utils/people";

import { useApproveReceipt, useFlagReceipt, useReceipt, type ReviewerReceipt } from "../api/receipts";
import { ReceiptPreview } from "./ReceiptPreview";
import { receiptTypeLabel } from "@/lib/receipt-types";

type Props = { slug: string; receiptId: string; grantHref: (grantId: string) => string; next: React.ReactNode };

export function ReceiptReview({ slug, receiptId, grantHref, next }: Props) {
  const t = useT();
  const query = useReceipt(slug, receiptId);
  return (
    <QueryState query={query} loadingLabel={t("receiptReview.loading")}>
      {(receipt) => (
        <>
          <PageTitle title={t("receiptReview.documentTitle", { filename: receipt.filename })}>
            {t("receiptReview.title", { name: receipt.description || receipt.filename })}
          </PageTitle>
          <div className="split">
            <div className="split__main">
              <ReceiptPreview receipt={receipt} />
            </div>
            <div className="split__side">
              <dl className="facts">
                <dt>{t("receiptReview.applicant")}</dt>
                <dd>{receipt.applicant.name || receipt.applicant.email}</dd>
                <dt>{t("receiptReview.grant")}</dt>
                <dd><Link to={grantHref(receipt.grant_id)}>{t("receiptReview.openGrant")}</Link></dd>
                <dt>{t("receiptReview.type")}</dt>
                <dd>{receiptTypeLabel(receipt.receipt_type)}</dd>
                <dt>{t("receiptReview.amount")}</dt>
                <dd><Money value={receipt.amount} /></dd>
                <dt>{t("receiptReview.date")}</dt>
                <dd>{formatDay(receipt.date)}</dd>
                <dt>{t("receiptReview.description")}</dt>
                <dd>{receipt.description}</dd>
                <dt>{t("receiptReview.file")}</dt>
                <dd>{receipt.filename}</dd>
                <dt>{t("receiptReview.uploaded")}</dt>
                <dd>{receipt.uploaded_at ? formatTimestamp(receipt.uploaded_at) : t("receiptReview.notYet")}</dd>
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
  const t = useT();
  const approve = useApproveReceipt(slug, receipt.id);
  const flag = useFlagReceipt(slug, receipt.id);
  const form = useForm<{ reason: string }>({ defaultValues: { reason: "" } });
  if (receipt.status === "approved") {
    return (
      <p className="notice notice--ok" role="status">
        {receipt.reviewed_by
          ? t("receiptReview.approvedBy", { name: actorName(receipt.reviewed_by_name, receipt.reviewed_by) })
          : t("receiptReview.approved")}
      </p>
    );
  }
  if (receipt.status === "flagged") {
    return (
      <p className="notice" role="status">
        {t("receiptReview.flagged", { reason: receipt.flagged_reason ?? "" })}
      </p>
    );
  }
  if (receipt.status !== "pending") return <p>{t("receiptReview.notUploaded")}</p>;
  const busy = approve.isPending || flag.isPending;
  const onFlag = form.handleSubmit(({ reason }) =>
    flag.mutateAsync(reason.trim()).catch((error: unknown) => void applyServerErrors(error, form.setError, ["reason"])),
  );
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">{t("receiptReview.decision")}</h2>
      <FormError error={approve.error ?? (flag.error && !form.formState.errors.reason ? flag.error : null)} />
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => approve.mutate(undefined)}>
          {t("receiptReview.approve")}
        </button>
      </div>
      <form onSubmit={(e) => void onFlag(e)} noValidate aria-label={t("receiptReview.flagForm")}>
        <Field label={t("receiptReview.reason")} hint={t("receiptReview.reasonHint")} error={form.formState.errors.reason?.message}>
          {(props) => (
            <textarea {...props} {...form.register("reason", { validate: (v) => v.trim() !== "" || t("receiptReview.reasonMissing") })} />
          )}
        </Field>
        <button type="submit" className="button button--danger" disabled={busy}>
          {t("receiptReview.flag")}
        </button>
      </form>
    </section>
  );
}
