/**
 * The review form: a decision among the transitions the API allows from the current status (the
 * grant's `transitions`),
 * the approved amount, promo code, a new internal note and a message to the applicant (required when
 * asking for information: it is the question they answer), saved with `If-Match: <version>`. Only the
 * fields the API says can still change (`editable_fields`) are offered: an accepted grant's amount is
 * shown, not edited. A note is an entry of its own, so re-applying a stale save adds it again
 * instead of overwriting someone else's.
 *
 * The form edits against the version it was opened with (`base`), not whatever a background
 * refetch brings, so a save after someone else's change is refused (412) instead of
 * overwriting it. The reviewer then sees the other person's values next to their own change
 * and can re-apply it on top of the new version, or drop it.
 */
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";

import { Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { Money } from "@/components/Money";
import { applyServerErrors } from "@/lib/forms";
import { moneyProblem, toCents } from "@/utils/money";
import { actorName } from "@/utils/people";

import { isVersionConflict, useSaveReview, type GrantDetail, type ReviewChange } from "../api/grants";
import { statusWords, TRANSITION_WORDS } from "../api/statuses";

type Values = {
  status: string; approved_amount: string; promo_code: string;
  /** A new internal note (an entry of its own, signed and dated by the API). */
  note: string;
  message: string;
  /** The offer's deadline (a day; blank: the conference's "days to answer"). */
  respond_by?: string;
};
type Editable = Pick<
  GrantDetail,
  "status" | "approved_amount" | "promo_code" | "reviewer_notes" | "version" | "request_type" | "transitions" | "editable_fields"
>;

const FIELDS = ["status", "approved_amount", "promo_code", "note", "message", "respond_by"] as const;

function valuesOf(grant: Editable): Values {
  return { status: "", approved_amount: grant.approved_amount ?? "", promo_code: grant.promo_code ?? "", note: "", message: "" };
}

/** Only what the reviewer changed relative to the version they started from. */
export function changeFrom(values: Values, base: Editable): ReviewChange {
  const change: ReviewChange = {};
  const editable = (field: string) => base.editable_fields.includes(field);
  if (values.status && editable("status")) change.status = values.status as ReviewChange["status"];
  const amount = values.approved_amount.trim();
  if (editable("approved_amount") && amount !== "" && toCents(amount) !== toCents(base.approved_amount ?? "")) {
    change.approved_amount = amount;
  }
  if (values.promo_code.trim() !== (base.promo_code ?? "")) change.promo_code = values.promo_code.trim();
  if (values.note.trim()) change.note = values.note.trim();
  if (values.message.trim()) change.message = values.message.trim();
  if (values.status === "offered" && values.respond_by) change.respond_by = values.respond_by;
  return change;
}

export function ReviewForm({ slug, grant }: { slug: string; grant: GrantDetail }) {
  // The version the reviewer started editing from: pinned on their first change, so a
  // background refetch cannot move it under them (their save must meet a 412 instead).
  const [pinned, setPinned] = useState<Editable | null>(null);
  const base: Editable = pinned ?? grant;
  const [conflict, setConflict] = useState<ReviewChange | null>(null);
  const [nothing, setNothing] = useState(false);
  const save = useSaveReview(slug, grant.id);
  // `values` follows `base`: an untouched form shows someone else's change as it arrives.
  const form = useForm<Values>({ values: valuesOf(base), resetOptions: { keepDirtyValues: true } });
  const { register, handleSubmit, formState, reset, setError, control } = form;

  const submit = (change: ReviewChange, version: number) =>
    save.mutateAsync({ change, version }).then(
      (saved) => {
        setPinned(null);
        reset(valuesOf(saved));
      },
      (error: unknown) => {
        if (isVersionConflict(error)) setConflict(change);
        else void applyServerErrors(error, setError, FIELDS);
      },
    );

  const onSubmit = handleSubmit((values) => {
    const change = changeFrom(values, base);
    setNothing(Object.keys(change).length === 0);
    if (Object.keys(change).length === 0) return;
    return submit(change, base.version);
  });

  const transitions = base.transitions; // the moves the API allows from this version's status
  // What can still change in this status (the API's editable_fields): nothing else is offered.
  const editable = (field: string) => base.editable_fields.includes(field);
  const status = useWatch({ control, name: "status" });
  const offering = status === "offered" && base.request_type === "ticket_and_grant";
  const asking = status === "info_needed";

  if (conflict) {
    const fresh = grant.version !== base.version; // the refetch after the 412 has arrived
    return (
      <section className="conflict" aria-labelledby="conflict-title">
        <h3 id="conflict-title">Someone else changed this grant</h3>
        <div role="alert">
          <p>
            Another reviewer saved this grant after you opened it, so your review was not saved. Here is the grant as it is
            now, and the change you wanted to make.
          </p>
        </div>
        {fresh ? (
          <div className="conflict__compare">
            <div>
              <h4>Now</h4>
              <dl className="facts">
                <dt>Status</dt>
                <dd>{statusWords(grant.status)}</dd>
                <dt>Approved amount</dt>
                <dd><Money value={grant.approved_amount} /></dd>
                <dt>Promo code</dt>
                <dd>{grant.promo_code || "None"}</dd>
                <dt>Changed by</dt>
                <dd>{actorName(grant.reviewed_by_name, grant.reviewed_by)}</dd>
              </dl>
            </div>
            <div>
              <h4>Your change</h4>
              <dl className="facts">
                {conflict.status ? (<><dt>Status</dt><dd>{statusWords(conflict.status)}</dd></>) : null}
                {conflict.approved_amount !== undefined ? (<><dt>Approved amount</dt><dd><Money value={conflict.approved_amount} /></dd></>) : null}
                {conflict.promo_code !== undefined ? (<><dt>Promo code</dt><dd>{conflict.promo_code || "None"}</dd></>) : null}
                {conflict.note ? (<><dt>Your internal note (added, never replaces another)</dt><dd className="prose">{conflict.note}</dd></>) : null}
              </dl>
            </div>
          </div>
        ) : (
          <p className="muted">Loading the latest version…</p>
        )}
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={!fresh || save.isPending}
            onClick={() => {
              const change = conflict;
              setConflict(null);
              setPinned(grant);
              void submit(change, grant.version);
            }}
          >
            Re-apply my changes
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={!fresh}
            onClick={() => {
              setConflict(null);
              setPinned(null);
              reset(valuesOf(grant));
            }}
          >
            Discard my changes
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      onChange={() => {
        if (!pinned) setPinned(grant);
      }}
      aria-labelledby="review-title"
      noValidate
    >
      <h3 id="review-title">Review</h3>
      <FormError error={save.isError && !isVersionConflict(save.error) ? save.error : null} />
      {editable("status") ? (
        <Field label="Decision" hint={`Now: ${statusWords(base.status)}.`} error={formState.errors.status?.message}>
          {(props) => (
            <select {...props} {...register("status")}>
              <option value="">Keep the status ({statusWords(base.status)})</option>
              {transitions.map((target) => (
                <option key={target} value={target}>
                  {TRANSITION_WORDS[target] ?? statusWords(target)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <p>
          Status: <strong>{statusWords(base.status)}</strong>. No further decision can be made on this grant.
        </p>
      )}
      {editable("approved_amount") ? (
        <Field
          label="Approved amount (USD)"
          hint={offering ? "Required to offer a travel grant." : undefined}
          error={formState.errors.approved_amount?.message}
        >
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              autoComplete="off"
              {...register("approved_amount", {
                validate: (value, all) => {
                  const problem = moneyProblem(value);
                  if (problem) return problem;
                  if (all.status === "offered" && base.request_type === "ticket_and_grant" && !(toCents(value) ?? 0))
                    return "Enter the amount to offer (more than zero).";
                  return true;
                },
              })}
            />
          )}
        </Field>
      ) : (
        <p>
          Approved amount: <Money value={base.approved_amount} /> (fixed: the applicant accepted it).
        </p>
      )}
      {status === "offered" && editable("respond_by") ? (
        <Field
          label="Respond by"
          hint="Optional: the last day the applicant may answer (the conference's timezone). Blank uses the conference's days to answer."
          error={formState.errors.respond_by?.message}
        >
          {(props) => <input type="date" {...props} {...register("respond_by")} />}
        </Field>
      ) : null}
      <Field label="Promo code" error={formState.errors.promo_code?.message}>
        {(props) => <input {...props} autoComplete="off" {...register("promo_code", { maxLength: { value: 100, message: "At most 100 characters." } })} />}
      </Field>
      {base.reviewer_notes ? (
        <div className="field">
          <p className="field__label">Shared reviewer notes (earlier, one text for all reviewers)</p>
          <p className="prose">{base.reviewer_notes}</p>
        </div>
      ) : null}
      <Field
        label="Add an internal note"
        hint="Reviewers only; never shown to the applicant. Saved with your name and the time, next to the other notes."
        error={formState.errors.note?.message}
      >
        {(props) => (
          <textarea {...props} {...register("note", { maxLength: { value: 4000, message: "At most 4,000 characters." } })} />
        )}
      </Field>
      <Field
        label={asking ? "Question for the applicant" : "Tell the applicant with this review"}
        hint={asking ? "Required: the applicant sees it on their page and in the e-mail, and answers it." : "Optional; the applicant sees it."}
        error={formState.errors.message?.message}
      >
        {(props) => (
          <textarea
            {...props}
            {...register("message", {
              maxLength: { value: 4000, message: "At most 4,000 characters." },
              validate: (value, all) =>
                all.status === "info_needed" && !value.trim() ? "Write the question the applicant should answer." : true,
            })}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          Save review
        </button>
      </div>
      {nothing ? <p role="status">Nothing to save: change a field or write a note first.</p> : null}
      {save.isSuccess && !formState.isDirty ? (
        <p className="notice notice--ok" role="status">
          Review saved: {statusWords(save.data.status)}.
        </p>
      ) : null}
    </form>
  );
}
