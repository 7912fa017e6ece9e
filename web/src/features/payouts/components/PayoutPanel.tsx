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
const UNSETTLED: Record<string, string> = {
  flagged: "Flagged",
  pending: "Waiting for review",
  missing_file: "File missing",
};

type Props = {
  slug: string;
  grant: PayoutGrant;
};

export function PayoutPanel({ slug, grant }: Props) {
  // A new key forgets the revealed details, so "Reveal payment details" shows again.
  const [revealRound, setRevealRound] = useState(0);
  const [detailsChanged, setDetailsChanged] = useState(false);
  return (
    <section aria-labelledby="payout-title" className="panel">
      <h2 id="payout-title">Payout</h2>
      {grant.status === "disbursed" ? (
        <p className="notice notice--ok" role="status">
          Disbursed <Money value={grant.disbursed_amount} />
          {grant.disbursed_at ? ` on ${formatTimestamp(grant.disbursed_at)}` : ""}.
        </p>
      ) : null}
      {detailsChanged ? (
        <p className="notice" role="alert">
          The payment details changed after you revealed them. Reveal them again and check them before you record the payment.
        </p>
      ) : null}
      {grant.has_payment_info ? (
        <Reveal key={revealRound} slug={slug} grantId={grant.id} onRevealed={() => setDetailsChanged(false)} />
      ) : <p>The applicant has not given payment details yet.</p>}
      {grant.status !== "disbursed" ? <UnsettledReceipts receipts={(grant.receipts ?? []) as Receipt[]} /> : null}
      {grant.ready_for_disbursement ? (
        <DisburseForm slug={slug} grantId={grant.id} approved={grant.approved_amount ?? ""}
          receipts={grant.approved_receipts_total ?? "0.00"} suggestion={grant.payout_suggestion ?? grant.approved_amount ?? ""}
          onDetailsChanged={() => {
            setDetailsChanged(true);
            setRevealRound((n) => n + 1);
          }} />
      ) : grant.status !== "disbursed" ? (
        <p className="muted">Not ready for disbursement: it needs an accepted grant, payment details and an approved receipt.</p>
      ) : null}
    </section>
  );
}

function UnsettledReceipts({ receipts }: { receipts: Receipt[] }) {
  const open = receipts.filter((receipt) => receipt.status in UNSETTLED);
  if (open.length === 0) return <p>No receipt is flagged or waiting for review.</p>;
  return (
    <div>
      <h3 id="unsettled-title">Receipts not in the approved total</h3>
      <ul aria-labelledby="unsettled-title">
        {open.map((receipt) => (
          <li key={receipt.id}>
            <strong>{UNSETTLED[receipt.status]}</strong>: {receipt.receipt_type === "airfare" ? "Airfare" : "Lodging"}{" "}
            <Money value={receipt.amount} />, {receipt.description}
            {receipt.flagged_reason ? <> ({receipt.flagged_reason})</> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Reveal({ slug, grantId, onRevealed }: { slug: string; grantId: string; onRevealed: () => void }) {
  const reveal = useRevealPaymentDetails(slug, grantId);
  if (reveal.data) return <Details details={reveal.data} />;
  return (
    <div>
      <p id="reveal-note">Revealing the payment details is recorded in the grant&apos;s audit trail, with your name and the time.</p>
      <ErrorOrNothing error={reveal.error} />
      <button type="button" className="button button--secondary" aria-describedby="reveal-note" disabled={reveal.isPending} onClick={() => reveal.mutate(undefined, { onSuccess: onRevealed })}>
        Reveal payment details
      </button>
    </div>
  );
}

function ErrorOrNothing({ error }: { error: unknown }) {
  return error ? <FormError error={error} /> : null;
}

const LABELS: [keyof PaymentDetails, string][] = [
  ["payment_method", "Method"],
  ["legal_name", "Legal name"],
  ["paypal_email", "PayPal e-mail"],
  ["zelle_email", "Zelle e-mail"],
  ["wise_email", "Wise e-mail"],
  ["bank_name", "Bank"],
  ["bank_account_number", "Account number"],
  ["bank_routing_number", "Routing number"],
  ["bank_holder_name", "Account holder"],
  ["bank_holder_address", "Holder address"],
  ["bank_address", "Bank address"],
  ["bank_additional", "Additional bank details"],
  ["address_street", "Street"],
  ["address_city", "City"],
  ["address_state", "State"],
  ["address_zip", "Postal code"],
  ["address_country", "Country"],
];

const METHOD_WORDS: Record<string, string> = {
  zelle: "Zelle", paypal: "PayPal", ach: "ACH bank transfer", wire: "Wire transfer", wise: "Wise", check: "Check",
};

function Details({ details }: { details: PaymentDetails }) {
  return (
    <div>
      <p className="notice" role="status">Payment details revealed. This read is now in the audit trail.</p>
      <dl className="facts" aria-label="Payment details">
        {LABELS.filter(([key]) => details[key]).map(([key, label]) => (
          <div key={key} className="facts__pair">
            <dt>{label}</dt>
            <dd>{key === "payment_method" ? (METHOD_WORDS[details.payment_method] ?? details.payment_method) : String(details[key])}</dd>
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
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Record disbursement">
      <FormError error={disburse.error} />
      <dl className="facts" aria-label="What to pay">
        <dt>Approved amount</dt>
        <dd><Money value={approved} /></dd>
        <dt>Approved receipts</dt>
        <dd><Money value={receipts} /></dd>
        <dt>Suggested payout</dt>
        <dd><Money value={suggestion} /></dd>
      </dl>
      <Field label="Amount paid (USD)" hint={<>Suggested: <Money value={suggestion} /> (the smaller of the approved amount and the approved receipts).</>} required error={formState.errors.amount?.message}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            autoComplete="off"
            {...register("amount", {
              validate: (value) => {
                if (value.trim() === "") return "Enter the amount paid.";
                const problem = moneyProblem(value);
                if (problem) return problem;
                if (!(toCents(value) ?? 0)) return "Enter an amount above zero.";
                return true;
              },
            })}
          />
        )}
      </Field>
      <Field label="Payment reference" hint="The bank transfer or transaction id, for the audit trail." error={formState.errors.reference?.message}>
        {(props) => <input {...props} autoComplete="off" {...register("reference", { maxLength: { value: 200, message: "At most 200 characters." } })} />}
      </Field>
      {above ? (
        <Field label="Reason to pay more than the suggestion" required error={formState.errors.reason?.message}>
          {(props) => (
            <textarea {...props} {...register("reason", {
              validate: (value) => (value.trim() ? true : "Say why you pay more than the approved receipts."),
            })} />
          )}
        </Field>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-label="Confirm the payment" className="notice">
          <p>Record <Money value={confirming.amount} /> as paid? This cannot be undone.</p>
          <button type="button" className="button" disabled={disburse.isPending} onClick={() => void record(confirming)}>
            Confirm payment
          </button>
          <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" className="button" disabled={disburse.isPending}>
          Record disbursement
        </button>
      )}
    </form>
  );
}
