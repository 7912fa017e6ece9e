/**
 * Create or edit a conference: name, dates, timezone, sections, features, the maximum grant,
 * the budget, the Pretalx settings and the pretix shop. Tokens are write-only: the form shows
 * whether one is set and sends a new one only when typed.
 */
import { useFieldArray, useForm, type Path } from "react-hook-form";

import { ChoiceField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { ApiError } from "@/lib/api/errors";
import { translate, useT } from "@/lib/i18n";
import { moneyProblem } from "@/utils/money";

import { useSaveConference, type ConferenceBody, type ManagedConference } from "../api/conference";
import { PRETIX_FIELD_PATHS, PretixFields, pretixBodyOf, pretixValuesOf, type PretixValues } from "./PretixFields";

type Section = { name: string; start_date: string; end_date: string };
type Values = {
  slug: string;
  name: string;
  start_date: string;
  end_date: string;
  timezone: string;
  sections: Section[];
  programs: boolean;
  travel_grants: boolean;
  public_ui: boolean;
  max_grant_amount: string;
  grant_budget: string;
  overcommit_percent: string;
  offer_response_days: string;
  offer_reminder_days: string;
  auto_offer_waitlist: boolean;
  review_scale: string;
  review_blind: boolean;
  scoring_open: boolean;
  pretalx_base_url: string;
  pretalx_event_slug: string;
  pretalx_api_token: string;
  /** Comma-separated submission types (names or ids) synced as one activity per talk. */
  pretalx_per_talk_types: string;
} & PretixValues;

const FIELD_PATHS = {
  slug: "slug", name: "name", start_date: "start_date", end_date: "end_date", timezone: "timezone", sections: "sections",
  max_grant_amount: "max_grant_amount", grant_budget: "grant_budget", overcommit_percent: "overcommit_percent",
  offer_response_days: "offer_response_days", offer_reminder_days: "offer_reminder_days", "pretalx.base_url": "pretalx_base_url",
  "pretalx.event_slug": "pretalx_event_slug", "pretalx.api_token": "pretalx_api_token", pretalx: "pretalx_base_url",
  "pretalx.per_talk_types": "pretalx_per_talk_types",
  ...PRETIX_FIELD_PATHS,
} as const;

function valuesOf(conference: ManagedConference | undefined): Values {
  return {
    slug: conference?.slug ?? "",
    name: conference?.name ?? "",
    start_date: conference?.start_date ?? "",
    end_date: conference?.end_date ?? "",
    timezone: conference?.timezone ?? "UTC",
    sections: (conference?.sections ?? []).map((s) => ({ name: s.name, start_date: s.start_date, end_date: s.end_date })),
    programs: conference?.features.programs !== false,
    travel_grants: conference?.features.travel_grants !== false,
    public_ui: conference?.features.public_ui !== false,
    max_grant_amount: conference?.max_grant_amount ?? "",
    grant_budget: conference?.grant_budget ?? "",
    overcommit_percent: String(conference?.overcommit_percent ?? 0),
    // Blank: offers have no deadline.
    offer_response_days: conference ? (conference.offer_response_days === null ? "" : String(conference.offer_response_days)) : "14",
    offer_reminder_days: String(conference?.offer_reminder_days ?? 3),
    auto_offer_waitlist: conference?.auto_offer_waitlist ?? false,
    review_scale: String(conference?.review.scale ?? 5),
    review_blind: conference?.review.blind ?? false,
    scoring_open: conference?.review.scoring_open ?? true,
    pretalx_base_url: conference?.pretalx?.base_url ?? "",
    pretalx_event_slug: conference?.pretalx?.event_slug ?? "",
    pretalx_api_token: "",
    pretalx_per_talk_types: (conference?.pretalx?.per_talk_types ?? []).join(", "),
    ...pretixValuesOf(conference),
  };
}

export function bodyOf(values: Values): ConferenceBody {
  const usesPretalx = values.pretalx_base_url.trim() !== "" || values.pretalx_event_slug.trim() !== "";
  const token = values.pretalx_api_token.trim();
  return {
    name: values.name.trim(),
    start_date: values.start_date,
    end_date: values.end_date,
    timezone: values.timezone.trim() || "UTC",
    sections: values.sections.map((s, order) => ({ name: s.name.trim(), start_date: s.start_date, end_date: s.end_date, order })),
    features: { programs: values.programs, travel_grants: values.travel_grants, public_ui: values.public_ui },
    max_grant_amount: values.max_grant_amount.trim() || null,
    grant_budget: values.grant_budget.trim() || null,
    overcommit_percent: Number(values.overcommit_percent || "0"),
    offer_response_days: values.offer_response_days.trim() ? Number(values.offer_response_days) : null,
    offer_reminder_days: Number(values.offer_reminder_days || "0"),
    auto_offer_waitlist: values.auto_offer_waitlist,
    review: { scale: Number(values.review_scale), blind: values.review_blind, scoring_open: values.scoring_open },
    pretalx: usesPretalx
      ? {
          base_url: values.pretalx_base_url.trim(),
          event_slug: values.pretalx_event_slug.trim(),
          // No token in the body keeps the stored one (it is never sent back to the browser).
          ...(token ? { api_token: token } : {}),
          per_talk_types: perTalkTypes(values.pretalx_per_talk_types),
        }
      : null,
    pretix: pretixBodyOf(values),
  };
}

/** "Tutorials, 4" -> ["Tutorials", "4"] (blanks dropped). */
export function perTalkTypes(text: string): string[] {
  return text.split(",").map((part) => part.trim()).filter((part) => part !== "");
}

const money = (value: string) => moneyProblem(value) ?? true;
/** A whole number in [min, max] (blank allowed when `blankOk`). */
const wholeNumber = (min: number, max: number, blankOk = false) => (value: string) =>
  (blankOk && value.trim() === "") ||
  (/^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max) ||
  translate("conferenceForm.wholeNumber", { min, max, blankOk: String(blankOk) });

type Props = {
  /** The conference to edit; none to create one. */
  conference?: ManagedConference;
  onSaved: (conference: ManagedConference) => void;
};

export function ConferenceForm({ conference, onSaved }: Props) {
  const t = useT();
  const save = useSaveConference();
  const form = useForm<Values>({ defaultValues: valuesOf(conference) });
  const { register, handleSubmit, setError, formState, control, getValues, reset } = form;
  const sections = useFieldArray({ control, name: "sections" });
  const errors = formState.errors;
  const tokenSet = conference?.pretalx?.api_token_set ?? false;

  const onSubmit = handleSubmit((values) =>
    save.mutateAsync({ slug: conference?.slug ?? values.slug.trim(), body: bodyOf(values), create: !conference }).then(
      (saved) => {
        reset(valuesOf(saved));
        onSaved(saved);
      },
      (error: unknown) => {
        // Server paths (pretalx.base_url, sections.0.name) onto this form's flat field names;
        // anything else stays in the message at the top of the form.
        if (!(error instanceof ApiError)) return;
        for (const [path, messages] of Object.entries(error.fields)) {
          const name: string | undefined =
            (FIELD_PATHS as Record<string, string>)[path.replace(/^pretalx\.per_talk_types\.\d+$/, "pretalx.per_talk_types")] ??
            (/^sections\.\d+\.\w+$/.test(path) ? path : undefined);
          if (name) setError(name as Path<Values>, { type: "server", message: messages.join(" ") });
        }
      },
    ),
  );

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t(conference ? "conferenceForm.settings" : "conferenceForm.createLabel")}>
      <FormError error={save.error} />
      {!conference ? (
        <Field label={t("conferenceForm.slug")} hint={t("conferenceForm.slugHint")} required error={errors.slug?.message}>
          {(props) => (
            <input
              {...props}
              autoComplete="off"
              {...register("slug", { validate: (v) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v.trim()) || t("conferenceForm.slugInvalid") })}
            />
          )}
        </Field>
      ) : null}
      <Field label={t("conferenceForm.name")} required error={errors.name?.message}>
        {(props) => <input {...props} {...register("name", { validate: (v) => v.trim() !== "" || t("conferenceForm.nameEmpty") })} />}
      </Field>
      <fieldset>
        <legend>{t("conferenceForm.dates")}</legend>
        <Field label={t("conferenceForm.firstDay")} required error={errors.start_date?.message}>
          {(props) => <input type="date" {...props} {...register("start_date", { required: t("conferenceForm.firstDayEmpty") })} />}
        </Field>
        <Field label={t("conferenceForm.lastDay")} required error={errors.end_date?.message}>
          {(props) => (
            <input
              type="date"
              {...props}
              {...register("end_date", {
                required: t("conferenceForm.lastDayEmpty"),
                validate: (end) => !getValues("start_date") || end >= getValues("start_date") || t("conferenceForm.lastBeforeFirst"),
              })}
            />
          )}
        </Field>
        <Field label={t("conferenceForm.timezone")} hint={t("conferenceForm.timezoneHint")} error={errors.timezone?.message}>
          {(props) => <input {...props} autoComplete="off" list="timezones" {...register("timezone")} />}
        </Field>
        <datalist id="timezones">
          {timeZones().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>{t("conferenceForm.sections")}</legend>
        {sections.fields.length === 0 ? <p className="muted">{t("conferenceForm.noSections")}</p> : null}
        {sections.fields.map((section, index) => (
          <div key={section.id} className="section-row">
            <Field label={t("conferenceForm.sectionName", { n: index + 1 })} error={errors.sections?.[index]?.name?.message}>
              {(props) => <input {...props} {...register(`sections.${index}.name`, { validate: (v) => v.trim() !== "" || t("conferenceForm.sectionNameEmpty") })} />}
            </Field>
            <Field label={t("conferenceForm.sectionFirst", { n: index + 1 })} error={errors.sections?.[index]?.start_date?.message}>
              {(props) => <input type="date" {...props} {...register(`sections.${index}.start_date`, { required: t("conferenceForm.chooseDay") })} />}
            </Field>
            <Field label={t("conferenceForm.sectionLast", { n: index + 1 })} error={errors.sections?.[index]?.end_date?.message}>
              {(props) => <input type="date" {...props} {...register(`sections.${index}.end_date`, { required: t("conferenceForm.chooseDay") })} />}
            </Field>
            <button type="button" className="button button--secondary" onClick={() => sections.remove(index)}>
              {t("conferenceForm.removeSection", { n: index + 1 })}
            </button>
          </div>
        ))}
        <button type="button" className="button button--secondary" onClick={() => sections.append({ name: "", start_date: getValues("start_date"), end_date: getValues("end_date") })}>
          {t("conferenceForm.addSection")}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t("conferenceForm.features")}</legend>
        <ChoiceField label={t("conferenceForm.programs")}>{(props) => <input type="checkbox" {...props} {...register("programs")} />}</ChoiceField>
        <ChoiceField label={t("conferenceForm.travelGrants")}>{(props) => <input type="checkbox" {...props} {...register("travel_grants")} />}</ChoiceField>
        <ChoiceField label={t("conferenceForm.publicUi")}>{(props) => <input type="checkbox" {...props} {...register("public_ui")} />}</ChoiceField>
      </fieldset>
      <fieldset>
        <legend>{t("conferenceForm.money")}</legend>
        <Field label={t("conferenceForm.maxGrant")} hint={t("conferenceForm.maxGrantHint")} error={errors.max_grant_amount?.message}>
          {(props) => <input {...props} inputMode="decimal" {...register("max_grant_amount", { validate: money })} />}
        </Field>
        <Field label={t("conferenceForm.budget")} hint={t("conferenceForm.budgetHint")} error={errors.grant_budget?.message}>
          {(props) => <input {...props} inputMode="decimal" {...register("grant_budget", { validate: money })} />}
        </Field>
        <Field
          label={t("conferenceForm.overcommit")}
          hint={t("conferenceForm.overcommitHint")}
          error={errors.overcommit_percent?.message}
        >
          {(props) => <input {...props} inputMode="numeric" {...register("overcommit_percent", { validate: wholeNumber(0, 100) })} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t("conferenceForm.offers")}</legend>
        <Field
          label={t("conferenceForm.responseDays")}
          hint={t("conferenceForm.responseDaysHint")}
          error={errors.offer_response_days?.message}
        >
          {(props) => <input {...props} inputMode="numeric" {...register("offer_response_days", { validate: wholeNumber(1, 365, true) })} />}
        </Field>
        <Field label={t("conferenceForm.reminderDays")} hint={t("conferenceForm.reminderDaysHint")} error={errors.offer_reminder_days?.message}>
          {(props) => <input {...props} inputMode="numeric" {...register("offer_reminder_days", { validate: wholeNumber(0, 60) })} />}
        </Field>
        <ChoiceField label={t("conferenceForm.autoOffer")}>
          {(props) => <input type="checkbox" {...props} {...register("auto_offer_waitlist")} />}
        </ChoiceField>
      </fieldset>
      <fieldset>
        <legend>{t("conferenceForm.reviewing")}</legend>
        <Field label={t("conferenceForm.scale")} hint={t("conferenceForm.scaleHint")}>
          {(props) => (
            <select {...props} {...register("review_scale")}>
              {[3, 4, 5, 6, 7, 8, 9, 10].map((n) => (
                <option key={n} value={String(n)}>{t("conferenceForm.scaleOption", { n })}</option>
              ))}
            </select>
          )}
        </Field>
        <ChoiceField label={t("conferenceForm.blind")}>
          {(props) => <input type="checkbox" {...props} {...register("review_blind")} />}
        </ChoiceField>
        <ChoiceField label={t("conferenceForm.scoringOpen")}>{(props) => <input type="checkbox" {...props} {...register("scoring_open")} />}</ChoiceField>
      </fieldset>
      <fieldset>
        <legend>{t("conferenceForm.pretalx")}</legend>
        <p className="muted">{t("conferenceForm.pretalxIntro")}</p>
        <Field label={t("conferenceForm.pretalxAddress")} hint={t("conferenceForm.pretalxAddressHint")} error={errors.pretalx_base_url?.message}>
          {(props) => <input type="url" {...props} autoComplete="off" {...register("pretalx_base_url")} />}
        </Field>
        <Field label={t("conferenceForm.pretalxEvent")} hint={t("conferenceForm.pretalxEventHint")} error={errors.pretalx_event_slug?.message}>
          {(props) => <input {...props} autoComplete="off" {...register("pretalx_event_slug")} />}
        </Field>
        <Field
          label={t("conferenceForm.pretalxToken")}
          hint={t(tokenSet ? "conferenceForm.tokenSet" : "conferenceForm.noToken")}
          error={errors.pretalx_api_token?.message}
        >
          {(props) => <input type="password" {...props} autoComplete="new-password" {...register("pretalx_api_token")} />}
        </Field>
        <Field
          label={t("conferenceForm.perTalk")}
          hint={t("conferenceForm.perTalkHint")}
          error={errors.pretalx_per_talk_types?.message}
        >
          {(props) => <input {...props} autoComplete="off" {...register("pretalx_per_talk_types")} />}
        </Field>
      </fieldset>
      <PretixFields conference={conference} register={register} errors={errors} />
      <button type="submit" className="button" disabled={save.isPending}>
        {t(conference ? "conferenceForm.save" : "conferenceForm.create")}
      </button>
      {save.isSuccess && !formState.isDirty ? (
        <p className="notice notice--ok" role="status">
          {t("conferenceForm.saved")}
        </p>
      ) : null}
    </form>
  );
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? ["UTC"];
}
