/**
 * Create or edit an activity: type, times (typed and shown in the conference's timezone,
 * sent as UTC), capacity (blank = unlimited), organisers (chosen by name or e-mail, sent as user ids), the Pretalx
 * submission type whose talks it collects, and whether it is active.
 */
import { Controller, useForm } from "react-hook-form";

import { ChoiceField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { applyServerErrors } from "@/lib/forms";
import { useT } from "@/lib/i18n";

import {
  ACTIVITY_TYPES, useCreateActivity, useUpdateActivity, type ActivityCreate, type ActivityType, type ManagedActivity,
} from "../api/activities";
import { utcToZonedInput, zonedInputToUtc } from "../api/zoned";
import { TYPE_WORDS } from "./labels";
import { OrganiserPicker } from "./OrganiserPicker";

type Values = {
  name: string;
  activity_type: ActivityType;
  description: string;
  start_time: string;
  end_time: string;
  location: string;
  room: string;
  max_participants: string;
  organizers: string[];
  pretalx_submission_type: string;
  external_url: string;
  requires_ticket: boolean;
  is_active: boolean;
};

const FIELDS = [
  "name", "activity_type", "description", "start_time", "end_time", "location", "room", "max_participants",
  "organizers", "pretalx_submission_type", "external_url", "requires_ticket", "is_active",
] as const;

function valuesOf(activity: ManagedActivity | undefined, timeZone: string): Values {
  return {
    name: activity?.name ?? "",
    activity_type: activity?.activity_type ?? "other",
    description: activity?.description ?? "",
    start_time: utcToZonedInput(activity?.start_time, timeZone),
    end_time: utcToZonedInput(activity?.end_time, timeZone),
    location: activity?.location ?? "",
    room: activity?.room ?? "",
    max_participants: activity?.max_participants?.toString() ?? "",
    organizers: activity?.organizers ?? [],
    pretalx_submission_type: activity?.pretalx_submission_type ?? "",
    external_url: activity?.external_url ?? "",
    requires_ticket: activity?.requires_ticket ?? false,
    is_active: activity?.is_active ?? true,
  };
}

function bodyOf(values: Values, timeZone: string): ActivityCreate {
  const blankToNull = (text: string) => (text.trim() === "" ? null : text.trim());
  return {
    name: values.name.trim(),
    activity_type: values.activity_type,
    description: values.description.trim(),
    start_time: values.start_time ? zonedInputToUtc(values.start_time, timeZone) : null,
    end_time: values.end_time ? zonedInputToUtc(values.end_time, timeZone) : null,
    location: blankToNull(values.location),
    room: blankToNull(values.room),
    max_participants: values.max_participants.trim() === "" ? null : Number(values.max_participants),
    organizers: values.organizers,
    pretalx_submission_type: blankToNull(values.pretalx_submission_type),
    external_url: blankToNull(values.external_url),
    requires_ticket: values.requires_ticket,
    is_active: values.is_active,
  };
}

type Props = {
  slug: string;
  timeZone: string;
  /** The activity to edit; none to create one. */
  activity?: ManagedActivity;
  onSaved: (activity: ManagedActivity) => void;
};

export function ActivityForm({ slug, timeZone, activity, onSaved }: Props) {
  const t = useT();
  const create = useCreateActivity(slug);
  const update = useUpdateActivity(slug, activity?.slug ?? "");
  const save = activity ? update : create;
  const { control, register, handleSubmit, setError, formState, getValues } = useForm<Values>({ defaultValues: valuesOf(activity, timeZone) });
  const onSubmit = handleSubmit((values) =>
    save.mutateAsync(bodyOf(values, timeZone)).then(onSaved, (error: unknown) => void applyServerErrors(error, setError, FIELDS)),
  );
  const errors = formState.errors;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={activity ? t("organise.editNamed", { name: activity.name }) : t("organise.create")}>
      <FormError error={save.error} />
      <Field label={t("activityForm.name")} required error={errors.name?.message}>
        {(props) => <input {...props} {...register("name", { validate: (v) => v.trim() !== "" || t("activityForm.nameEmpty") })} />}
      </Field>
      <Field label={t("activityForm.type")} error={errors.activity_type?.message}>
        {(props) => (
          <select {...props} {...register("activity_type")}>
            {ACTIVITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(TYPE_WORDS[type])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("activityForm.description")} error={errors.description?.message}>
        {(props) => <textarea {...props} {...register("description")} />}
      </Field>
      <fieldset>
        <legend>{t("activityForm.when", { timeZone })}</legend>
        <Field label={t("activityForm.starts")} error={errors.start_time?.message}>
          {(props) => <input type="datetime-local" {...props} {...register("start_time")} />}
        </Field>
        <Field label={t("activityForm.ends")} error={errors.end_time?.message}>
          {(props) => (
            <input
              type="datetime-local"
              {...props}
              {...register("end_time", {
                validate: (end) => !end || !getValues("start_time") || end > getValues("start_time") || t("activityForm.endAfterStart"),
              })}
            />
          )}
        </Field>
      </fieldset>
      <Field label={t("activityForm.location")} error={errors.location?.message}>
        {(props) => <input {...props} {...register("location")} />}
      </Field>
      <Field label={t("activityForm.room")} error={errors.room?.message}>
        {(props) => <input {...props} {...register("room")} />}
      </Field>
      <Field label={t("activityForm.capacity")} hint={t("activityForm.capacityHint")} error={errors.max_participants?.message}>
        {(props) => (
          <input
            {...props}
            inputMode="numeric"
            {...register("max_participants", {
              validate: (v) => v.trim() === "" || (/^\d+$/.test(v.trim()) && Number(v) >= 1) || t("activityForm.capacityInvalid"),
            })}
          />
        )}
      </Field>
      <Field label={t("activityForm.organisers")} hint={t("organiserPicker.hint")} error={errors.organizers?.message}>
        {(props) => (
          <Controller control={control} name="organizers"
            render={({ field }) => <OrganiserPicker slug={slug} value={field.value} onChange={field.onChange} control={props} />} />
        )}
      </Field>
      <Field label={t("activityForm.pretalxType")} hint={t("activityForm.pretalxTypeHint")} error={errors.pretalx_submission_type?.message}>
        {(props) => <input {...props} autoComplete="off" {...register("pretalx_submission_type")} />}
      </Field>
      <Field label={t("activityForm.externalUrl")} error={errors.external_url?.message}>
        {(props) => <input type="url" {...props} {...register("external_url")} />}
      </Field>
      <ChoiceField label={t("activityForm.requiresTicket")} error={errors.requires_ticket?.message}>
        {(props) => <input type="checkbox" {...props} {...register("requires_ticket")} />}
      </ChoiceField>
      <ChoiceField label={t("activityForm.active")} error={errors.is_active?.message}>
        {(props) => <input type="checkbox" {...props} {...register("is_active")} />}
      </ChoiceField>
      <button type="submit" className="button" disabled={save.isPending}>
        {t(activity ? "activityForm.save" : "activityForm.create")}
      </button>
    </form>
  );
}
