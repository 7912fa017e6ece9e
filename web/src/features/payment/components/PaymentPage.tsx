/**
 * Payment details: a form that changes with the method; once saved, only the masked view
 * (account numbers show their last 4 characters) is ever shown again.
 */
import { Fragment, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Link } from "react-router";

import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { ApiError } from "@/lib/api/errors";
import { applyServerErrors } from "@/lib/forms";

import { usePaymentInfo, useSavePaymentInfo, type MaskedPayment, type PaymentInput, type PaymentMethod } from "../api/payment";
import { ADDRESS_FIELDS, LABELS, METHOD_FIELDS, METHODS, type FieldSpec } from "./methods";

export function PaymentPage({ slug }: { slug: string }) {
  const query = usePaymentInfo(slug);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const locked = query.error instanceof ApiError && query.error.code === "receipts_locked" ? query.error : null;
  return (
    <>
      <PageTitle>Payment details</PageTitle>
      <p>
        <Link to={`/c/${slug}/grant`}>Back to your travel grant</Link>
      </p>
      {locked ? (
        <p className="notice">{locked.message} Payment details open once you have accepted an offer with an amount.</p>
      ) : (
        <QueryState query={query} loadingLabel="Loading your payment details…">
          {(masked) =>
            masked && !editing ? (
              <>
                <div role="status" aria-live="polite">
                  {saved ? <p className="notice notice--ok">Your payment details are saved.</p> : null}
                </div>
                <MaskedView masked={masked} />
                <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
                  Change payment details
                </button>
              </>
            ) : (
              <PaymentForm
                slug={slug}
                onSaved={() => {
                  setSaved(true);
                  setEditing(false);
                }}
                onCancel={masked ? () => setEditing(false) : undefined}
              />
            )
          }
        </QueryState>
      )}
    </>
  );
}

function MaskedView({ masked }: { masked: MaskedPayment }) {
  const methods: Partial<Record<string, string>> = METHODS;
  const shown = Object.keys(LABELS).filter((name) => typeof masked[name] === "string" && masked[name]);
  return (
    <section aria-labelledby="masked-title">
      <h2 id="masked-title">What we have (masked)</h2>
      <p>For your safety, account numbers and e-mail addresses are shown only in part.</p>
      <dl className="facts">
        <dt>Method</dt>
        <dd>{methods[masked.payment_method] ?? masked.payment_method}</dd>
        {shown.map((name) => (
          <Fragment key={name}>
            <dt>{LABELS[name]}</dt>
            <dd>{String(masked[name])}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

type Values = Partial<Record<FieldSpec["name"], string>> & { payment_method: PaymentMethod | "" };

function PaymentForm({ slug, onSaved, onCancel }: { slug: string; onSaved: () => void; onCancel: (() => void) | undefined }) {
  const save = useSavePaymentInfo(slug);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const { register, handleSubmit, control, setError, formState } = useForm<Values>({
    defaultValues: { payment_method: "" },
    shouldUnregister: true, // fields of another method are not sent
  });
  const method = useWatch({ control, name: "payment_method" });
  const specs: FieldSpec[] = method ? [...METHOD_FIELDS[method], ...ADDRESS_FIELDS] : [];
  const errors = formState.errors;

  const submit = handleSubmit(async (values) => {
    if (!values.payment_method) return;
    const body: PaymentInput = { payment_method: values.payment_method };
    for (const spec of specs) {
      const value = (values[spec.name] ?? "").trim();
      if (value) body[spec.name] = value;
    }
    setUnplaced([]);
    try {
      await save.mutateAsync(body);
      onSaved();
    } catch (error) {
      setUnplaced(applyServerErrors(error, setError, ["payment_method", ...specs.map((s) => s.name)]));
    }
  });

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <p>
        Your details are encrypted as soon as they reach us. Only the people who pay grants can read them, and each
        read is recorded.
      </p>
      <Field label="How should we pay you?" required error={errors.payment_method?.message}>
        {(props) => (
          <select {...props} {...register("payment_method", { required: "Choose a payment method." })}>
            <option value="">Choose…</option>
            {Object.entries(METHODS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {method ? (
        <fieldset>
          <legend>{METHODS[method]}</legend>
          {specs.map((spec) => (
            <Field key={spec.name} label={spec.label} required={spec.required} hint={spec.hint} error={errors[spec.name]?.message}>
              {(props) => (
                <input
                  {...props}
                  type={spec.type ?? "text"}
                  autoComplete={spec.autoComplete}
                  {...register(spec.name, {
                    validate: (value) => {
                      const text = (value ?? "").trim();
                      if (spec.required && !text) return `Enter your ${spec.label.toLowerCase()}.`;
                      if (spec.type === "email" && text && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) {
                        return "Enter an e-mail address like ada@example.com.";
                      }
                      return true;
                    },
                  })}
                />
              )}
            </Field>
          ))}
        </fieldset>
      ) : null}
      <FormError error={save.error} unplaced={unplaced} onRetry={() => void submit()} />
      <div className="actions">
        <button type="submit" className="button" disabled={formState.isSubmitting}>
          Save payment details
        </button>
        {onCancel ? (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Keep the saved details
          </button>
        ) : null}
      </div>
    </form>
  );
}
