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

import { useApply, useDays, useEditGrant, type Grant } from "../api/grants";
import { checkGrantForm, FORM_FIELDS, initialValues, toApplication, type GrantFormValues } from "./grantForm";
import { APPLICATION_TYPES, EXPERIENCE_LEVELS } from "./labels";

type Props = { slug: string; maxAmount: string; grant: Grant | null; onDone: (grant: Grant) => void };

export function GrantForm({ slug, maxAmount, grant, onDone }: Props) {
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
      <p id="form-intro">Fields marked (required) must be filled in.</p>
      <fieldset>
        <legend>What do you need?</legend>
        <ChoiceField label="A conference ticket only">
          {(props) => <input type="radio" value="ticket_only" {...props} {...register("request_type")} />}
        </ChoiceField>
        <ChoiceField label="A conference ticket and a travel grant">
          {(props) => <input type="radio" value="ticket_and_grant" {...props} {...register("request_type")} />}
        </ChoiceField>
      </fieldset>

      <fieldset>
        <legend>About you</legend>
        <Field label="I am applying as" error={err("application_type")}>
          {(props) => (
            <select {...props} {...register("application_type")}>
              {Object.entries(APPLICATION_TYPES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Python experience" required error={err("experience_level")}>
          {(props) => (
            <select {...props} {...register("experience_level")}>
              <option value="">Choose…</option>
              {Object.entries(EXPERIENCE_LEVELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Occupation" required error={err("occupation")}>
          {(props) => <input {...props} autoComplete="organization-title" {...register("occupation")} />}
        </Field>
        <Field label="Is this your first time at the conference?" error={err("first_time")}>
          {(props) => (
            <select {...props} {...register("first_time")}>
              <option value="">Prefer not to say</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          )}
        </Field>
        <Field label="How are you involved in the Python community?" required error={err("involvement")}>
          {(props) => <textarea {...props} {...register("involvement")} />}
        </Field>
        <Field label="Why do you want to attend?" required error={err("reason")}>
          {(props) => <textarea {...props} {...register("reason")} />}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Your trip</legend>
        <Field label="Travelling from" required hint="City and country." error={err("travel_from")}>
          {(props) => <input {...props} autoComplete="address-level2" {...register("travel_from")} />}
        </Field>
        <ChoiceField label="I am travelling from another country" error={err("international")}>
          {(props) => <input type="checkbox" {...props} {...register("international")} />}
        </ChoiceField>
        <ChoiceField label="I will share expenses (a room, a car…) with other people" error={err("sharing_expenses")}>
          {(props) => <input type="checkbox" {...props} {...register("sharing_expenses")} />}
        </ChoiceField>
        <Field label="Travelling with" hint="Optional: who you travel or share with." error={err("traveling_with")}>
          {(props) => <input {...props} {...register("traveling_with")} />}
        </Field>
        <fieldset aria-describedby={err("days_attending") ? "days-error" : undefined}>
          <legend>Days you will attend</legend>
          <QueryState query={days} loadingLabel="Loading the conference days…">
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
          <legend>Travel plans and the amount you request</legend>
          <Field label="Airfare: what you plan" error={err("travel_plans_airfare_description")}>
            {(props) => <input {...props} {...register("travel_plans_airfare_description")} />}
          </Field>
          <Field label="Airfare amount (USD)" error={err("travel_plans_airfare_amount")}>
            {(props) => <input {...props} inputMode="decimal" {...register("travel_plans_airfare_amount")} />}
          </Field>
          <Field label="Lodging: what you plan" error={err("travel_plans_lodging_description")}>
            {(props) => <input {...props} {...register("travel_plans_lodging_description")} />}
          </Field>
          <Field label="Lodging amount (USD)" error={err("travel_plans_lodging_amount")}>
            {(props) => <input {...props} inputMode="decimal" {...register("travel_plans_lodging_amount")} />}
          </Field>
          <p className="total" aria-live="polite">
            Travel plans total: {total === null ? "check the amounts above" : <Money value={total} />}
          </p>
          <Field
            label="Amount you request (USD)"
            required
            hint={
              <>
                The most you can request is <Money value={maxAmount} />.
              </>
            }
            error={err("requested_amount")}
          >
            {(props) => <input {...props} inputMode="decimal" {...register("requested_amount")} />}
          </Field>
        </fieldset>
      ) : null}

      <FormError error={mutation.error} unplaced={unplaced} onRetry={() => void submit()} />
      <button type="submit" className="button" disabled={formState.isSubmitting}>
        {grant ? "Save changes" : "Apply"}
      </button>
    </form>
  );
}
