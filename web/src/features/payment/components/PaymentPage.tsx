/**
 * Payment details: a form that changes with the method; once saved, only the masked view
 * (account numbers show their last 4 characters) is ever shown again.
 */
import { Fragment, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Link } from "react-router";

import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { ApiError } from "@/lib/api/errors";
import { useT, type MessageId } from "@/lib/i18n";
import { applyServerErrors } from "@/lib/forms";

import { usePaymentInfo, useSavePaymentInfo, type MaskedPayment, type PaymentInput, type PaymentMethod } from "../api/payment";
import {
  ADDRESS_FIELDS,
  countryName,
  countryOptions,
  labelFor,
  METHOD_FIELDS,
  METHODS,
  SECRET_FIELDS,
  usesPostalCode,
  type FieldName,
  type FieldSpec,
} from "./methods";

export function PaymentPage({ slug }: { slug: string }) {
  const t = useT();
  const query = usePaymentInfo(slug);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const locked = query.error instanceof ApiError && query.error.code === "receipts_locked" ? query.error : null;
  return (
    <>
      <PageTitle>{t("payment.title")}</PageTitle>
      <p>
        <Link to={`/c/${slug}/grant`}>{t("payment.back")}</Link>
      </p>
      {locked ? (
        <p className="notice">{t("payment.locked", { reason: locked.message })}</p>
      ) : (
        <QueryState query={query} loadingLabel={t("payment.loading")}>
          {(masked) =>
            masked && !editing ? (
              <>
                <div role="status" aria-live="polite">
                  {saved ? <p className="notice notice--ok">{t("payment.saved")}</p> : null}
                </div>
                <MaskedView masked={masked} />
                <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
                  {t("payment.change")}
                </button>
              </>
            ) : (
              <PaymentForm
                slug={slug}
                saved={masked}
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
  const t = useT();
  const methods: Partial<Record<string, MessageId>> = METHODS;
  const method = methods[masked.payment_method];
  const byMethod: Partial<Record<string, FieldSpec[]>> = METHOD_FIELDS;
  const specs = [...(byMethod[masked.payment_method] ?? []), ...ADDRESS_FIELDS];
  const shown = specs.filter((spec) => typeof masked[spec.name] === "string" && masked[spec.name]);
  return (
    <section aria-labelledby="masked-title">
      <h2 id="masked-title">{t("payment.masked.title")}</h2>
      <p>{t("payment.masked.intro")}</p>
      <dl className="facts">
        <dt>{t("payment.masked.method")}</dt>
        <dd>{method ? t(method) : masked.payment_method}</dd>
        {shown.map((spec) => (
          <Fragment key={spec.name}>
            <dt>{t(labelFor(masked.payment_method, spec.name) ?? spec.label)}</dt>
            <dd>{spec.name === "address_country" ? countryName(String(masked[spec.name])) : String(masked[spec.name])}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

type Values = Partial<Record<FieldName, string>> & { payment_method: PaymentMethod | "" };

/** The form's starting values: the saved ones, secrets in their masked form (kept unless retyped). */
function startingValues(saved: MaskedPayment | null): Values {
  if (!saved) return { payment_method: "" };
  const values: Values = { payment_method: saved.payment_method as PaymentMethod };
  for (const spec of [...ADDRESS_FIELDS, ...Object.values(METHOD_FIELDS).flat()]) {
    const value = saved[spec.name];
    if (typeof value === "string") values[spec.name] = value;
  }
  return values;
}

function PaymentForm({
  slug,
  saved,
  onSaved,
  onCancel,
}: {
  slug: string;
  saved: MaskedPayment | null;
  onSaved: () => void;
  onCancel: (() => void) | undefined;
}) {
  const t = useT();
  const save = useSavePaymentInfo(slug);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const countries = useMemo(() => countryOptions(), []);
  const starting = useMemo(() => startingValues(saved), [saved]);
  const { register, handleSubmit, control, setError, formState } = useForm<Values>({
    defaultValues: starting,
    shouldUnregister: true, // fields of another method are not sent
  });
  const method = useWatch({ control, name: "payment_method" });
  const country = useWatch({ control, name: "address_country" });
  const postal = usesPostalCode(country);
  const specs: FieldSpec[] = method
    ? [...METHOD_FIELDS[method], ...ADDRESS_FIELDS].map((spec) =>
        spec.name === "address_zip" ? { ...spec, required: postal, hint: postal ? undefined : "paymentMethods.postalCodeUnused" } : spec,
      )
    : [];
  const errors = formState.errors;
  /** A secret still showing its saved masked form: the person did not retype it. */
  const untouchedSecret = (name: FieldName, value: string) =>
    SECRET_FIELDS.includes(name) && saved?.payment_method !== undefined && value !== "" && value === saved[name];

  const submit = handleSubmit(async (values) => {
    if (!values.payment_method) return;
    const body: PaymentInput = { payment_method: values.payment_method };
    const keep: FieldName[] = [];
    for (const spec of specs) {
      const value = (values[spec.name] ?? "").trim();
      if (untouchedSecret(spec.name, value)) keep.push(spec.name);
      else if (value) body[spec.name] = value;
    }
    if (keep.length && saved) {
      body.keep = keep as PaymentInput["keep"];
      body.details_version = saved.details_version ?? 0;
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
      <p>{t("payment.form.intro")}</p>
      {saved ? (
        <p className="field__hint">{t("payment.form.keepHint")}</p>
      ) : null}
      <Field label={t("payment.form.method")} required error={errors.payment_method?.message}>
        {(props) => (
          // defaultValue as well: a select's options mount after the form registers it.
          <select
            {...props}
            defaultValue={starting.payment_method}
            {...register("payment_method", { required: t("payment.form.methodRequired") })}
          >
            <option value="">{t("common.choose")}</option>
            {Object.entries(METHODS).map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {method ? (
        <fieldset>
          <legend>{t(METHODS[method])}</legend>
          {specs.map((spec) => (
            <Field
              key={spec.name}
              label={t(spec.label)}
              required={spec.required}
              hint={spec.hint ? t(spec.hint) : undefined}
              error={errors[spec.name]?.message}
            >
              {(props) =>
                spec.name === "address_country" ? (
                  <select
                    {...props}
                    autoComplete={spec.autoComplete}
                    defaultValue={starting.address_country ?? ""}
                    {...register(spec.name, { required: t("payment.form.countryRequired") })}
                  >
                    <option value="">{t("common.choose")}</option>
                    {countries.map(({ code, name }) => (
                      <option key={code} value={code}>
                        {name}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    {...props}
                    type={spec.type ?? "text"}
                    autoComplete={spec.autoComplete}
                    {...register(spec.name, {
                      validate: (value) => {
                        const text = (value ?? "").trim();
                        if (spec.required && !text) return t("payment.form.fieldRequired", { field: t(spec.label).toLowerCase() });
                        if (untouchedSecret(spec.name, text)) return true;
                        if (spec.type === "email" && text && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) {
                          return t("payment.form.emailInvalid");
                        }
                        return true;
                      },
                    })}
                  />
                )
              }
            </Field>
          ))}
        </fieldset>
      ) : null}
      <FormError error={save.error} unplaced={unplaced} onRetry={() => void submit()} />
      <div className="actions">
        <button type="submit" className="button" disabled={formState.isSubmitting}>
          {t("payment.form.save")}
        </button>
        {onCancel ? (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t("payment.form.keep")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
