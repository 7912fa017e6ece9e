/**
 * Apply for a travel grant, or edit the application while it is editable. Every field of
 * the contract; day checkboxes from /travel-grant/days; money fields only for "ticket and
 * travel grant", with the running total and the maximum stated. Client checks mirror the
 * API's; whatever the API still refuses (422) is shown next to its field.
 */
import { useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";

import { ChoiceField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { Money } from "@/components/Money";
import { QueryState } from "@/components/QueryState";
import { applyServerErrors } from "@/lib/forms";
import { sumMoney } from "@/utils/money";
import { useRich, useT } from "@/lib/i18n";

import { useApply, useDays, useEditGrant, type Grant } from "../api/grants";
import { checkGrantForm, FORM_FIELDS, initialValues, toApplication, type GrantFormValues } from "./grantForm";
import { APPLICATION_TYPES, EXPERIENCE_LEVELS } from "./labels";

type Props = { slug: string; maxAmount: string; grant: Grant | null; onDone: (grant: Grant) => void };

export function GrantForm({ slug, maxAmount, grant, onDone }: Props) {
  const t = useT();
  const rich = useRich();
  const days = useDays(slug);
  const apply = useApply(slug);
  const edit = useEditGrant(slug);
  const mutation = grant ? edit : apply;
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const resolver: Resolver<GrantFormValues> = (values) => {
    const problems = checkGrantForm(values, maxAmount);
    const errors = Object.fromEntries(
      Object.entries(problems).map(([name, message]) => [name, { type: "validate", message }]),
    );
    return { values: Object.keys(errors).length ? {} : values, errors };
  };
  const { register, handleSubmit, control, setError, formState } = useForm<GrantFormValues>({
    defaultValues: initialValues(grant),
    resolver,
    shouldFocusError: true,
  });
  const [requestType, airfare, lodging] = useWatch({
    control,
    name: ["request_type", "travel_plans_airfare_amount", "travel_plans_lodging_amount"],
  });
  const total = sumMoney(airfare, lodging);
  const errors = formState.errors;
  const err = (name: keyof GrantFormValues) => errors[name]?.message;

  const submit = handleSubmit(async (values) => {
    setUnplaced([]);
    try {
      const saved = grant ? await edit.mutateAsync(toApplication(values)) : await apply.mutateAsync(toApplication(values));
      onDone(saved);
    } catch (error) {
      setUnplaced(applyServerErrors(error, setError, FORM_FIELDS));
    }
  });

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-describedby="form-intro">
      <p id="form-intro">{t("grantForm.intro")}</p>
      <fieldset>
        <legend>{t("grantForm.need")}</legend>
        <ChoiceField label={t("grantForm.ticketOnly")}>
          {(props) => <input type="radio" value="ticket_only" {...props} {...register("request_type")} />}
        </ChoiceField>
        <ChoiceField label={t("grantForm.ticketAndGrant")}>
          {(props) => <input type="radio" value="ticket_and_grant" {...props} {...register("request_type")} />}
        </ChoiceField>
      </fieldset>

      <fieldset>
        <legend>{t("grantForm.aboutYou")}</legend>
        <Field label={t("grantForm.applyingAs")} error={err("application_type")}>
          {(props) => (
            <select {...props} {...register("application_type")}>
              {Object.entries(APPLICATION_TYPES).map(([value, label]) => (
                <option key={value} value={value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("grantForm.experience")} required error={err("experience_level")}>
          {(props) => (
            <select {...props} {...register("experience_level")}>
              <option value="">{t("common.choose")}</option>
              {Object.entries(EXPERIENCE_LEVELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("grantForm.occupation")} required error={err("occupation")}>
          {(props) => <input {...props} autoComplete="organization-title" {...register("occupation")} />}
        </Field>
        <Field label={t("grantForm.firstTime")} error={err("first_time")}>
          {(props) => (
            <select {...props} {...register("first_time")}>
              <option value="">{t("grantForm.preferNot")}</option>
              <option value="yes">{t("common.yes")}</option>
              <option value="no">{t("common.no")}</option>
            </select>
          )}
        </Field>
        <Field label={t("grantForm.involvement")} required error={err("involvement")}>
          {(props) => <textarea {...props} {...register("involvement")} />}
        </Field>
        <Field label={t("grantForm.reason")} required error={err("reason")}>
          {(props) => <textarea {...props} {...register("reason")} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t("grantForm.trip")}</legend>
        <Field label={t("grantForm.from")} required hint={t("grantForm.fromHint")} error={err("travel_from")}>
          {(props) => <input {...props} autoComplete="address-level2" {...register("travel_from")} />}
        </Field>
        <ChoiceField label={t("grantForm.international")} error={err("international")}>
          {(props) => <input type="checkbox" {...props} {...register("international")} />}
        </ChoiceField>
        <ChoiceField label={t("grantForm.sharing")} error={err("sharing_expenses")}>
          {(props) => <input type="checkbox" {...props} {...register("sharing_expenses")} />}
        </ChoiceField>
        <Field label={t("grantForm.with")} hint={t("grantForm.withHint")} error={err("traveling_with")}>
          {(props) => <input {...props} {...register("traveling_with")} />}
        </Field>
        <fieldset aria-describedby={err("days_attending") ? "days-error" : undefined}>
          <legend>{t("grantForm.days")}</legend>
          <QueryState query={days} loadingLabel={t("grantForm.loadingDays")}>
            {(list) => (
              <>
                {list.map((day) => (
                  <ChoiceField key={day.value} label={day.label}>
                    {(props) => <input type="checkbox" value={day.value} {...props} {...register("days_attending")} />}
                  </ChoiceField>
                ))}
              </>
            )}
          </QueryState>
          {err("days_attending") ? (
            <p className="field__error" id="days-error">
              {err("days_attending")}
            </p>
          ) : null}
        </fieldset>
      </fieldset>

      {requestType === "ticket_and_grant" ? (
        <fieldset>
          <legend>{t("grantForm.plans")}</legend>
          <Field label={t("grantForm.airfare")} error={err("travel_plans_airfare_description")}>
            {(props) => <input {...props} {...register("travel_plans_airfare_description")} />}
          </Field>
          <Field label={t("grantForm.airfareAmount")} error={err("travel_plans_airfare_amount")}>
            {(props) => <input {...props} inputMode="decimal" {...register("travel_plans_airfare_amount")} />}
          </Field>
          <Field label={t("grantForm.lodging")} error={err("travel_plans_lodging_description")}>
            {(props) => <input {...props} {...register("travel_plans_lodging_description")} />}
          </Field>
          <Field label={t("grantForm.lodgingAmount")} error={err("travel_plans_lodging_amount")}>
            {(props) => <input {...props} inputMode="decimal" {...register("travel_plans_lodging_amount")} />}
          </Field>
          <p className="total" aria-live="polite">
            {total === null ? t("grantForm.totalUnknown") : rich("grantForm.total", { total: <Money value={total} /> })}
          </p>
          <Field
            label={t("grantForm.requested")}
            required
            hint={rich("grantForm.requestedHint", { max: <Money value={maxAmount} /> })}
            error={err("requested_amount")}
          >
            {(props) => <input {...props} inputMode="decimal" {...register("requested_amount")} />}
          </Field>
        </fieldset>
      ) : null}

      <FormError error={mutation.error} unplaced={unplaced} onRetry={() => void submit()} />
      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {grant ? t("grantForm.save") : t("grantForm.apply")}
      </button>
    </form>
  );
}
