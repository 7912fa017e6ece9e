/**
 * The payer's panel on a grant: "Reveal payment details" (an explicit click, because the API
 * records every read in the grant's audit trail) and "Record disbursement": the approved
 * receipts' total and the suggested payout beside the amount, the payment's reference, a
 * reason required to pay more than the suggestion, and a confirmation before it is recorded.
 * The grant's flagged and pending receipts are listed beside it: money the suggestion leaves
 * out, to settle (or knowingly pay around) first. The API refuses a payout to details the
 * payer has not revealed as they are now: the panel then asks to reveal them again.
 */
import { useState } from "react";

import type { Schemas } from "@/lib/api/client";
import { useForm, useWatch } from "react-hook-form";

import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { Money } from "@/components/Money";
import { ApiError, sentence } from "@/lib/api/errors";
import { useRich, useT, type MessageId } from "@/lib/i18n";
import { formatTimestamp } from "@/utils/dates";
import { moneyProblem, toCents } from "@/utils/money";

import { useRecordDisbursement, useRevealPaymentDetails, type Disbursement, type PaymentDetails } from "../api/payouts";

export type PayoutGrant = {
  id: string;
  status: string;
  approved_amount?: string | null;
  has_payment_info: boolean;
  ready_for_disbursement: boolean;
  disbursed_amount?: string | null;
  disbursed_at?: string | null;
  approved_receipts_total?: string | null;
  payout_suggestion?: string | null;
  receipts?: Array<Record<string, unknown>>;
};

type Receipt = Schemas["ReceiptOut"];

/** Receipts whose money the suggestion leaves out although they may still count. */
const UNSETTLED: Record<string, MessageId> = {
  flagged: "payout.unsettled.flagged",
  pending: "payout.unsettled.pending",
  missing_file: "payout.unsettled.missing_file",
};

type Props = {
  slug: string;
  grant: PayoutGrant;
};

export function PayoutPanel({ slug, grant }: Props) {
  const t = useT();
  const rich = useRich();
  // A new key forgets the revealed details, so "Reveal payment details" shows again.
  const [revealRound, setRevealRound] = useState(0);
  const [detailsChanged, setDetailsChanged] = useState(false);
  return (
    <section aria-labelledby="payout-title" className="panel">
      <h2 id="payout-title">{t("payout.title")}</h2>
      {grant.status === "disbursed" ? (
        <p className="notice notice--ok" role="status">
          {rich("payout.disbursed", {
            amount: <Money value={grant.disbursed_amount} />,
            hasDate: String(Boolean(grant.disbursed_at)),
            when: grant.disbursed_at ? formatTimestamp(grant.disbursed_at) : "",
          })}
        </p>
      ) : null}
      {detailsChanged ? (
        <p className="notice" role="alert">
          {t("payout.detailsChanged")}
        </p>
      ) : null}
      {grant.has_payment_info ? (
        <Reveal key={revealRound} slug={slug} grantId={grant.id} onRevealed={() => setDetailsChanged(false)} />
      ) : <p>{t("payout.noDetails")}</p>}
      {grant.status !== "disbursed" ? <UnsettledReceipts receipts={(grant.receipts ?? []) as Receipt[]} /> : null}
      {grant.ready_for_disbursement ? (
        <DisburseForm slug={slug} grantId={grant.id} approved={grant.approved_amount ?? ""}
          receipts={grant.approved_receipts_total ?? "0.00"} suggestion={grant.payout_suggestion ?? grant.approved_amount ?? ""}
          onDetailsChanged={() => {
            setDetailsChanged(true);
            setRevealRound((n) => n + 1);
          }} />
      ) : grant.status !== "disbursed" ? (
        <p className="muted">{t("payout.notReady")}</p>
      ) : null}
    </section>
  );
}

function UnsettledReceipts({ receipts }: { receipts: Receipt[] }) {
  const t = useT();
  const rich = useRich();
  const open = receipts.filter((receipt) => receipt.status in UNSETTLED);
  if (open.length === 0) return <p>{t("payout.noUnsettled")}</p>;
  return (
    <div>
      <h3 id="unsettled-title">{t("payout.unsettledTitle")}</h3>
      <ul aria-labelledby="unsettled-title">
        {open.map((receipt) => (
          <li key={receipt.id}>
            {rich("payout.unsettledItem", {
              strong: (chunks) => <strong>{chunks}</strong>,
              state: t(UNSETTLED[receipt.status] ?? "payout.unsettled.pending"),
              type: receipt.receipt_type,
              amount: <Money value={receipt.amount} />,
              description: receipt.description,
              hasReason: String(Boolean(receipt.flagged_reason)),
              reason: receipt.flagged_reason ?? "",
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Reveal({ slug, grantId, onRevealed }: { slug: string; grantId: string; onRevealed: () => void }) {
  const t = useT();
  const reveal = useRevealPaymentDetails(slug, grantId);
  if (reveal.data) return <Details details={reveal.data} />;
  return (
    <div>
      <p id="reveal-note">{t("payout.revealNote")}</p>
      <ErrorOrNothing error={reveal.error} />
      <button type="button" className="button button--secondary" aria-describedby="reveal-note" disabled={reveal.isPending} onClick={() => reveal.mutate(undefined, { onSuccess: onRevealed })}>
        {t("payout.reveal")}
      </button>
    </div>
  );
}

function ErrorOrNothing({ error }: { error: unknown }) {
  return error ? <FormError error={error} /> : null;
}

/** The fields shown, in this order, with their labels. */
const LABELS: [keyof PaymentDetails, MessageId][] = [
  ["payment_method", "payout.field.payment_method"],
  ["legal_name", "payout.field.legal_name"],
  ["paypal_email", "payout.field.paypal_email"],
  ["zelle_email", "payout.field.zelle_email"],
  ["wise_email", "payout.field.wise_email"],
  ["bank_name", "payout.field.bank_name"],
  ["bank_account_number", "payout.field.bank_account_number"],
  ["bank_routing_number", "payout.field.bank_routing_number"],
  ["bank_holder_name", "payout.field.bank_holder_name"],
  ["bank_holder_address", "payout.field.bank_holder_address"],
  ["bank_address", "payout.field.bank_address"],
  ["bank_additional", "payout.field.bank_additional"],
  ["address_street", "payout.field.address_street"],
  ["address_city", "payout.field.address_city"],
  ["address_state", "payout.field.address_state"],
  ["address_zip", "payout.field.address_zip"],
  ["address_country", "payout.field.address_country"],
];

const METHOD_WORDS: Record<string, MessageId> = {
  zelle: "payout.method.zelle",
  paypal: "payout.method.paypal",
  ach: "payout.method.ach",
  wire: "payout.method.wire",
  wise: "payout.method.wise",
  check: "payout.method.check",
};

function Details({ details }: { details: PaymentDetails }) {
  const t = useT();
  const methodWords = (method: string) => {
    const words = METHOD_WORDS[method];
    return words ? t(words) : method;
  };
  return (
    <div>
      <p className="notice" role="status">{t("payout.revealed")}</p>
      <dl className="facts" aria-label={t("payout.details")}>
        {LABELS.filter(([key]) => details[key]).map(([key, label]) => (
          <div key={key} className="facts__pair">
            <dt>{t(label)}</dt>
            <dd>{key === "payment_method" ? methodWords(details.payment_method) : String(details[key])}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

type FormValues = { amount: string; reference: string; reason: string };

function DisburseForm({ slug, grantId, approved, receipts, suggestion, onDetailsChanged }: {
  slug: string; grantId: string; approved: string; receipts: string; suggestion: string; onDetailsChanged: () => void;
}) {
  const t = useT();
  const rich = useRich();
  const disburse = useRecordDisbursement(slug, grantId);
  const [confirming, setConfirming] = useState<Disbursement | null>(null);
  const { register, handleSubmit, setError, formState, control } = useForm<FormValues>({
    defaultValues: { amount: suggestion, reference: "", reason: "" },
  });
  const amount = useWatch({ control, name: "amount" });
  const above = (toCents(amount) ?? 0) > (toCents(suggestion) ?? 0);
  const onSubmit = handleSubmit(({ amount: value, reference, reason }) => {
    setConfirming({ amount: value.trim(), reference: reference.trim(), reason: above ? reason.trim() : "" });
  });
  const record = (payment: Disbursement) =>
    disburse.mutateAsync(payment).catch((error: unknown) => {
      // The API names the fields; the rest of its words (payment_details_changed...) show above the form.
      if (error instanceof ApiError && error.fields.disbursed_amount) {
        setError("amount", { type: "server", message: error.fields.disbursed_amount.map(sentence).join(" ") });
      }
      if (error instanceof ApiError && error.fields.reference) {
        setError("reference", { type: "server", message: error.fields.reference.map(sentence).join(" ") });
      }
      if (error instanceof ApiError && error.code === "payment_details_changed") onDetailsChanged();
    }).finally(() => setConfirming(null));
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t("payout.record")}>
      <FormError error={disburse.error} />
      <dl className="facts" aria-label={t("payout.whatToPay")}>
        <dt>{t("payout.approvedAmount")}</dt>
        <dd><Money value={approved} /></dd>
        <dt>{t("payout.approvedReceipts")}</dt>
        <dd><Money value={receipts} /></dd>
        <dt>{t("payout.suggested")}</dt>
        <dd><Money value={suggestion} /></dd>
      </dl>
      <Field label={t("payout.amount")} hint={rich("payout.amountHint", { amount: <Money value={suggestion} /> })} required error={formState.errors.amount?.message}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            autoComplete="off"
            {...register("amount", {
              validate: (value) => {
                if (value.trim() === "") return t("payout.amountEmpty");
                const problem = moneyProblem(value);
                if (problem) return problem;
                if (!(toCents(value) ?? 0)) return t("payout.amountZero");
                return true;
              },
            })}
          />
        )}
      </Field>
      <Field label={t("payout.reference")} hint={t("payout.referenceHint")} error={formState.errors.reference?.message}>
        {(props) => <input {...props} autoComplete="off" {...register("reference", { maxLength: { value: 200, message: t("payout.referenceTooLong") } })} />}
      </Field>
      {above ? (
        <Field label={t("payout.reason")} required error={formState.errors.reason?.message}>
          {(props) => (
            <textarea {...props} {...register("reason", {
              validate: (value) => (value.trim() ? true : t("payout.reasonEmpty")),
            })} />
          )}
        </Field>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-label={t("payout.confirmLabel")} className="notice">
          <p>{rich("payout.confirmBody", { amount: <Money value={confirming.amount} /> })}</p>
          <button type="button" className="button" disabled={disburse.isPending} onClick={() => void record(confirming)}>
            {t("payout.confirm")}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
            {t("payout.cancel")}
          </button>
        </div>
      ) : (
        <button type="submit" className="button" disabled={disburse.isPending}>
          {t("payout.record")}
        </button>
      )}
    </form>
  );
}
