/**
 * Create or edit an activity: type, times (typed and shown in the conference's timezone,
 * sent as UTC), capacity (blank = unlimited), organisers (their user ids), the Pretalx
 * submission type whose talks it collects, and whether it is active.
 */
import { useForm } from "react-hook-form";

import { ChoiceField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { applyServerErrors } from "@/lib/forms";

import {
  ACTIVITY_TYPES, useCreateActivity, useUpdateActivity, type ActivityCreate, type ActivityType, type ManagedActivity,
} from "../api/activities";
import { utcToZonedInput, zonedInputToUtc } from "../api/zoned";

type Values = {
  name: string;
  activity_type: ActivityType;
  description: string;
  start_time: string;
  end_time: string;
  location: string;
  room: string;
  max_participants: string;
  organizers: string;
  pretalx_submission_type: string;
  external_url: string;
  requires_ticket: boolean;
  is_active: boolean;
};

const FIELDS = [
  "name", "activity_type", "description", "start_time", "end_time", "location", "room", "max_participants",
  "organizers", "pretalx_submission_type", "external_url", "requires_ticket", "is_active",
] as const;

const TYPE_WORDS: Record<ActivityType, string> = {
  sprint: "Sprint", workshop: "Workshop", tutorial: "Tutorial", lightning_talk: "Lightning talks", social: "Social event",
  open_space: "Open space", summit: "Summit", other: "Other",
};

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
    organizers: (activity?.organizers ?? []).join(", "),
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
    organizers: values.organizers.split(/[\s,]+/).filter(Boolean),
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
  const create = useCreateActivity(slug);
  const update = useUpdateActivity(slug, activity?.slug ?? "");
  const save = activity ? update : create;
  const { register, handleSubmit, setError, formState, getValues } = useForm<Values>({ defaultValues: valuesOf(activity, timeZone) });
  const onSubmit = handleSubmit((values) =>
    save.mutateAsync(bodyOf(values, timeZone)).then(onSaved, (error: unknown) => void applyServerErrors(error, setError, FIELDS)),
  );
  const errors = formState.errors;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={activity ? `Edit ${activity.name}` : "Create an activity"}>
      <FormError error={save.error} />
      <Field label="Name" required error={errors.name?.message}>
        {(props) => <input {...props} {...register("name", { validate: (v) => v.trim() !== "" || "Give the activity a name." })} />}
      </Field>
      <Field label="Type" error={errors.activity_type?.message}>
        {(props) => (
          <select {...props} {...register("activity_type")}>
            {ACTIVITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_WORDS[type]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Description" error={errors.description?.message}>
        {(props) => <textarea {...props} {...register("description")} />}
      </Field>
      <fieldset>
        <legend>When (conference time: {timeZone})</legend>
        <Field label="Starts" error={errors.start_time?.message}>
          {(props) => <input type="datetime-local" {...props} {...register("start_time")} />}
        </Field>
        <Field label="Ends" error={errors.end_time?.message}>
          {(props) => (
            <input
              type="datetime-local"
              {...props}
              {...register("end_time", {
                validate: (end) => !end || !getValues("start_time") || end > getValues("start_time") || "The end must be after the start.",
              })}
            />
          )}
        </Field>
      </fieldset>
      <Field label="Location" error={errors.location?.message}>
        {(props) => <input {...props} {...register("location")} />}
      </Field>
      <Field label="Room" error={errors.room?.message}>
        {(props) => <input {...props} {...register("room")} />}
      </Field>
      <Field label="Capacity" hint="Leave blank for unlimited places." error={errors.max_participants?.message}>
        {(props) => (
          <input
            {...props}
            inputMode="numeric"
            {...register("max_participants", {
              validate: (v) => v.trim() === "" || (/^\d+$/.test(v.trim()) && Number(v) >= 1) || "Enter a whole number of places, 1 or more.",
            })}
          />
        )}
      </Field>
      <Field label="Organisers" hint="User ids (sub), separated by commas. They can see and manage this activity's signups." error={errors.organizers?.message}>
        {(props) => <input {...props} autoComplete="off" {...register("organizers")} />}
      </Field>
      <Field label="Pretalx submission type" hint="Talks of this Pretalx submission type are linked to the activity by the sync." error={errors.pretalx_submission_type?.message}>
        {(props) => <input {...props} autoComplete="off" {...register("pretalx_submission_type")} />}
      </Field>
      <Field label="External link" error={errors.external_url?.message}>
        {(props) => <input type="url" {...props} {...register("external_url")} />}
      </Field>
      <ChoiceField label="Requires a conference ticket" error={errors.requires_ticket?.message}>
        {(props) => <input type="checkbox" {...props} {...register("requires_ticket")} />}
      </ChoiceField>
      <ChoiceField label="Active (attendees can see it and sign up)" error={errors.is_active?.message}>
        {(props) => <input type="checkbox" {...props} {...register("is_active")} />}
      </ChoiceField>
      <button type="submit" className="button" disabled={save.isPending}>
        {activity ? "Save activity" : "Create activity"}
      </button>
    </form>
  );
}
