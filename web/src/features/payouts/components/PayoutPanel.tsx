/**
 * The payer's panel on a grant: "Reveal payment details" (an explicit click, because the API
 * records every read in the grant's audit trail) and "Record disbursement" with the amount.
 */
import { useForm } from "react-hook-form";

import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { Money } from "@/components/Money";
import { ApiError } from "@/lib/api/errors";
import { formatTimestamp } from "@/utils/dates";
import { moneyProblem, toCents } from "@/utils/money";

import { useRecordDisbursement, useRevealPaymentDetails, type PaymentDetails } from "../api/payouts";

export type PayoutGrant = {
  id: string;
  status: string;
  approved_amount?: string | null;
  has_payment_info: boolean;
  ready_for_disbursement: boolean;
  disbursed_amount?: string | null;
  disbursed_at?: string | null;
};

type Props = {
  slug: string;
  grant: PayoutGrant;
};

export function PayoutPanel({ slug, grant }: Props) {
  return (
    <section aria-labelledby="payout-title" className="panel">
      <h2 id="payout-title">Payout</h2>
      {grant.status === "disbursed" ? (
        <p className="notice notice--ok" role="status">
          Disbursed <Money value={grant.disbursed_amount} />
          {grant.disbursed_at ? ` on ${formatTimestamp(grant.disbursed_at)}` : ""}.
        </p>
      ) : null}
      {grant.has_payment_info ? <Reveal slug={slug} grantId={grant.id} /> : <p>The applicant has not given payment details yet.</p>}
      {grant.ready_for_disbursement ? (
        <DisburseForm slug={slug} grantId={grant.id} approved={grant.approved_amount ?? ""} />
      ) : grant.status !== "disbursed" ? (
        <p className="muted">Not ready for disbursement: it needs an accepted grant, payment details and an approved receipt.</p>
      ) : null}
    </section>
  );
}

function Reveal({ slug, grantId }: { slug: string; grantId: string }) {
  const reveal = useRevealPaymentDetails(slug, grantId);
  if (reveal.data) return <Details details={reveal.data} />;
  return (
    <div>
      <p id="reveal-note">Revealing the payment details is recorded in the grant&apos;s audit trail, with your name and the time.</p>
      <ErrorOrNothing error={reveal.error} />
      <button type="button" className="button button--secondary" aria-describedby="reveal-note" disabled={reveal.isPending} onClick={() => reveal.mutate()}>
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

function DisburseForm({ slug, grantId, approved }: { slug: string; grantId: string; approved: string }) {
  const disburse = useRecordDisbursement(slug, grantId);
  const { register, handleSubmit, setError, formState } = useForm<{ amount: string }>({ defaultValues: { amount: approved } });
  const onSubmit = handleSubmit(({ amount }) =>
    disburse.mutateAsync(amount.trim()).catch((error: unknown) => {
      // The API names the field disbursed_amount; the rest of its words show above the form.
      if (error instanceof ApiError && error.fields.disbursed_amount) {
        setError("amount", { type: "server", message: error.fields.disbursed_amount.join(" ") });
      }
    }),
  );
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Record disbursement">
      <FormError error={disburse.error} />
      <Field label="Amount paid (USD)" hint={<>Approved: <Money value={approved} />.</>} required error={formState.errors.amount?.message}>
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
      <button type="submit" className="button" disabled={disburse.isPending}>
        Record disbursement
      </button>
    </form>
  );
}
