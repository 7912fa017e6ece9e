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
import { useRich, useT } from "@/lib/i18n";
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
  const t = useT();
  const rich = useRich();
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
        <h3 id="conflict-title">{t("reviewForm.conflict.title")}</h3>
        <div role="alert">
          <p>{t("reviewForm.conflict.body")}</p>
        </div>
        {fresh ? (
          <div className="conflict__compare">
            <div>
              <h4>{t("reviewForm.conflict.now")}</h4>
              <dl className="facts">
                <dt>{t("reviewForm.status")}</dt>
                <dd>{statusWords(grant.status)}</dd>
                <dt>{t("reviewForm.approvedAmount")}</dt>
                <dd><Money value={grant.approved_amount} /></dd>
                <dt>{t("reviewForm.promoCode")}</dt>
                <dd>{grant.promo_code || t("reviewForm.none")}</dd>
                <dt>{t("reviewForm.conflict.changedBy")}</dt>
                <dd>{actorName(grant.reviewed_by_name, grant.reviewed_by)}</dd>
              </dl>
            </div>
            <div>
              <h4>{t("reviewForm.conflict.yours")}</h4>
              <dl className="facts">
                {conflict.status ? (<><dt>{t("reviewForm.status")}</dt><dd>{statusWords(conflict.status)}</dd></>) : null}
                {conflict.approved_amount !== undefined ? (<><dt>{t("reviewForm.approvedAmount")}</dt><dd><Money value={conflict.approved_amount} /></dd></>) : null}
                {conflict.promo_code !== undefined ? (<><dt>{t("reviewForm.promoCode")}</dt><dd>{conflict.promo_code || t("reviewForm.none")}</dd></>) : null}
                {conflict.note ? (<><dt>{t("reviewForm.conflict.note")}</dt><dd className="prose">{conflict.note}</dd></>) : null}
              </dl>
            </div>
          </div>
        ) : (
          <p className="muted">{t("reviewForm.conflict.loading")}</p>
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
            {t("reviewForm.conflict.reapply")}
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
            {t("reviewForm.conflict.discard")}
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
      <h3 id="review-title">{t("reviewForm.title")}</h3>
      <FormError error={save.isError && !isVersionConflict(save.error) ? save.error : null} />
      {editable("status") ? (
        <Field label={t("reviewForm.decision")} hint={t("reviewForm.decisionNow", { status: statusWords(base.status) })} error={formState.errors.status?.message}>
          {(props) => (
            <select {...props} {...register("status")}>
              <option value="">{t("reviewForm.keepStatus", { status: statusWords(base.status) })}</option>
              {transitions.map((target) => (
                <option key={target} value={target}>
                  {TRANSITION_WORDS[target] ?? statusWords(target)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <p>{rich("reviewForm.finalStatus", { status: statusWords(base.status), strong: (chunks) => <strong>{chunks}</strong> })}</p>
      )}
      {editable("approved_amount") ? (
        <Field
          label={t("reviewForm.approvedAmountUsd")}
          hint={offering ? t("reviewForm.amountRequired") : undefined}
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
                    return t("reviewForm.amountToOffer");
                  return true;
                },
              })}
            />
          )}
        </Field>
      ) : (
        <p>{rich("reviewForm.amountFixed", { amount: <Money value={base.approved_amount} /> })}</p>
      )}
      {status === "offered" && editable("respond_by") ? (
        <Field
          label={t("reviewForm.respondBy")}
          hint={t("reviewForm.respondByHint")}
          error={formState.errors.respond_by?.message}
        >
          {(props) => <input type="date" {...props} {...register("respond_by")} />}
        </Field>
      ) : null}
      <Field label={t("reviewForm.promoCode")} error={formState.errors.promo_code?.message}>
        {(props) => <input {...props} autoComplete="off" {...register("promo_code", { maxLength: { value: 100, message: t("reviewForm.atMost", { count: 100 }) } })} />}
      </Field>
      {base.reviewer_notes ? (
        <div className="field">
          <p className="field__label">{t("reviewForm.sharedNotes")}</p>
          <p className="prose">{base.reviewer_notes}</p>
        </div>
      ) : null}
      <Field
        label={t("reviewForm.note")}
        hint={t("reviewForm.noteHint")}
        error={formState.errors.note?.message}
      >
        {(props) => (
          <textarea {...props} {...register("note", { maxLength: { value: 4000, message: t("reviewForm.atMost", { count: 4000 }) } })} />
        )}
      </Field>
      <Field
        label={asking ? t("reviewForm.question") : t("reviewForm.message")}
        hint={asking ? t("reviewForm.questionHint") : t("reviewForm.messageHint")}
        error={formState.errors.message?.message}
      >
        {(props) => (
          <textarea
            {...props}
            {...register("message", {
              maxLength: { value: 4000, message: t("reviewForm.atMost", { count: 4000 }) },
              validate: (value, all) =>
                all.status === "info_needed" && !value.trim() ? t("reviewForm.questionRequired") : true,
            })}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {t("reviewForm.save")}
        </button>
      </div>
      {nothing ? <p role="status">{t("reviewForm.nothing")}</p> : null}
      {save.isSuccess && !formState.isDirty ? (
        <p className="notice notice--ok" role="status">
          {t("reviewForm.saved", { status: statusWords(save.data.status) })}
        </p>
      ) : null}
    </form>
  );
}
