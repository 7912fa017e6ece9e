/**
 * Create or edit a conference: name, dates, timezone, sections, features, the maximum grant,
 * the budget, the Pretalx settings and the pretix shop. Tokens are write-only: the form shows
 * whether one is set and sends a new one only when typed.
 */
import { useFieldArray, useForm, type Path } from "react-hook-form";

import { ChoiceField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { ApiError } from "@/lib/api/errors";
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
  `Give a whole number from ${min} to ${max}${blankOk ? ", or leave it blank" : ""}.`;

type Props = {
  /** The conference to edit; none to create one. */
  conference?: ManagedConference;
  onSaved: (conference: ManagedConference) => void;
};

export function ConferenceForm({ conference, onSaved }: Props) {
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
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={conference ? "Conference settings" : "Create a conference"}>
      <FormError error={save.error} />
      {!conference ? (
        <Field label="Address (slug)" hint="Lowercase letters, digits and hyphens: the conference's address, /c/<slug>." required error={errors.slug?.message}>
          {(props) => (
            <input
              {...props}
              autoComplete="off"
              {...register("slug", { validate: (v) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v.trim()) || "Use lowercase letters, digits and single hyphens." })}
            />
          )}
        </Field>
      ) : null}
      <Field label="Name" required error={errors.name?.message}>
        {(props) => <input {...props} {...register("name", { validate: (v) => v.trim() !== "" || "Give the conference a name." })} />}
      </Field>
      <fieldset>
        <legend>Dates</legend>
        <Field label="First day" required error={errors.start_date?.message}>
          {(props) => <input type="date" {...props} {...register("start_date", { required: "Choose the first day." })} />}
        </Field>
        <Field label="Last day" required error={errors.end_date?.message}>
          {(props) => (
            <input
              type="date"
              {...props}
              {...register("end_date", {
                required: "Choose the last day.",
                validate: (end) => !getValues("start_date") || end >= getValues("start_date") || "The last day cannot be before the first.",
              })}
            />
          )}
        </Field>
        <Field label="Timezone" hint="An IANA name such as America/New_York; schedule days and activity times are read in it." error={errors.timezone?.message}>
          {(props) => <input {...props} autoComplete="off" list="timezones" {...register("timezone")} />}
        </Field>
        <datalist id="timezones">
          {timeZones().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </fieldset>
      <fieldset>
        <legend>Sections</legend>
        {sections.fields.length === 0 ? <p className="muted">No sections (for example Tutorials, Talks, Sprints).</p> : null}
        {sections.fields.map((section, index) => (
          <div key={section.id} className="section-row">
            <Field label={`Section ${index + 1} name`} error={errors.sections?.[index]?.name?.message}>
              {(props) => <input {...props} {...register(`sections.${index}.name`, { validate: (v) => v.trim() !== "" || "Name the section." })} />}
            </Field>
            <Field label={`Section ${index + 1} first day`} error={errors.sections?.[index]?.start_date?.message}>
              {(props) => <input type="date" {...props} {...register(`sections.${index}.start_date`, { required: "Choose a day." })} />}
            </Field>
            <Field label={`Section ${index + 1} last day`} error={errors.sections?.[index]?.end_date?.message}>
              {(props) => <input type="date" {...props} {...register(`sections.${index}.end_date`, { required: "Choose a day." })} />}
            </Field>
            <button type="button" className="button button--secondary" onClick={() => sections.remove(index)}>
              Remove section {index + 1}
            </button>
          </div>
        ))}
        <button type="button" className="button button--secondary" onClick={() => sections.append({ name: "", start_date: getValues("start_date"), end_date: getValues("end_date") })}>
          Add a section
        </button>
      </fieldset>
      <fieldset>
        <legend>Features</legend>
        <ChoiceField label="Activities (sprints, tutorials, open spaces…)">{(props) => <input type="checkbox" {...props} {...register("programs")} />}</ChoiceField>
        <ChoiceField label="Travel grants">{(props) => <input type="checkbox" {...props} {...register("travel_grants")} />}</ChoiceField>
        <ChoiceField label="Public pages for attendees">{(props) => <input type="checkbox" {...props} {...register("public_ui")} />}</ChoiceField>
      </fieldset>
      <fieldset>
        <legend>Travel grant money (USD)</legend>
        <Field label="Maximum grant" hint="Blank uses the deployment's default." error={errors.max_grant_amount?.message}>
          {(props) => <input {...props} inputMode="decimal" {...register("max_grant_amount", { validate: money })} />}
        </Field>
        <Field label="Budget" hint="Blank: no budget tracking." error={errors.grant_budget?.message}>
          {(props) => <input {...props} inputMode="decimal" {...register("grant_budget", { validate: money })} />}
        </Field>
        <Field
          label="Over-commitment (%)"
          hint="Offers may commit up to the budget plus this share (some offers are declined). 0 to 100; an offer past it is refused."
          error={errors.overcommit_percent?.message}
        >
          {(props) => <input {...props} inputMode="numeric" {...register("overcommit_percent", { validate: wholeNumber(0, 100) })} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Offers and the waitlist</legend>
        <Field
          label="Days to answer an offer"
          hint="An offer must be answered by the end of this day (in the conference's timezone); after it the offer expires. Blank: no deadline."
          error={errors.offer_response_days?.message}
        >
          {(props) => <input {...props} inputMode="numeric" {...register("offer_response_days", { validate: wholeNumber(1, 365, true) })} />}
        </Field>
        <Field label="Reminder (days before the deadline)" hint="0: no reminder." error={errors.offer_reminder_days?.message}>
          {(props) => <input {...props} inputMode="numeric" {...register("offer_reminder_days", { validate: wholeNumber(0, 60) })} />}
        </Field>
        <ChoiceField label="Offer waitlisted grants automatically when money frees up (in ranking order, while they fit)">
          {(props) => <input type="checkbox" {...props} {...register("auto_offer_waitlist")} />}
        </ChoiceField>
      </fieldset>
      <fieldset>
        <legend>Reviewing</legend>
        <Field label="Score scale" hint="Reviewers score from 1 to this number (3 to 10).">
          {(props) => (
            <select {...props} {...register("review_scale")}>
              {[3, 4, 5, 6, 7, 8, 9, 10].map((n) => (
                <option key={n} value={String(n)}>{`1 to ${n}`}</option>
              ))}
            </select>
          )}
        </Field>
        <ChoiceField label="Blind review (reviewers do not see who applied until a grant is decided)">
          {(props) => <input type="checkbox" {...props} {...register("review_blind")} />}
        </ChoiceField>
        <ChoiceField label="Scoring open">{(props) => <input type="checkbox" {...props} {...register("scoring_open")} />}</ChoiceField>
      </fieldset>
      <fieldset>
        <legend>Pretalx</legend>
        <p className="muted">Leave the address and the event blank to turn the Pretalx sync off.</p>
        <Field label="Pretalx address" hint="For example https://pretalx.com" error={errors.pretalx_base_url?.message}>
          {(props) => <input type="url" {...props} autoComplete="off" {...register("pretalx_base_url")} />}
        </Field>
        <Field label="Pretalx event" hint="The event's short name in its Pretalx address." error={errors.pretalx_event_slug?.message}>
          {(props) => <input {...props} autoComplete="off" {...register("pretalx_event_slug")} />}
        </Field>
        <Field
          label="Pretalx API token"
          hint={tokenSet ? "A token is set (it is never shown). Type a new one to replace it, or leave blank to keep it." : "No token is set."}
          error={errors.pretalx_api_token?.message}
        >
          {(props) => <input type="password" {...props} autoComplete="new-password" {...register("pretalx_api_token")} />}
        </Field>
        <Field
          label="One activity per talk for these submission types"
          hint={`Pretalx submission type names or ids, separated by commas (for example "Tutorials"). Each talk of these types gets its own activity, with its time, room, speakers and the room's capacity; other types get one activity each. Leave blank for none.`}
          error={errors.pretalx_per_talk_types?.message}
        >
          {(props) => <input {...props} autoComplete="off" {...register("pretalx_per_talk_types")} />}
        </Field>
      </fieldset>
      <PretixFields conference={conference} register={register} errors={errors} />
      <button type="submit" className="button" disabled={save.isPending}>
        {conference ? "Save conference" : "Create conference"}
      </button>
      {save.isSuccess && !formState.isDirty ? (
        <p className="notice notice--ok" role="status">
          Conference saved.
        </p>
      ) : null}
    </form>
  );
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? ["UTC"];
}
