/**
 * The whole message thread as reviewers see it: internal notes are marked (the applicant
 * never sees them), and "Send message" says next to the button who will read it.
 */
import { useForm, useWatch } from "react-hook-form";

import { ChoiceField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { applyServerErrors } from "@/lib/forms";
import { formatTimestamp } from "@/utils/dates";

import { useSendReviewerMessage, type GrantDetail } from "../api/grants";

export function MessageThread({ grant }: { grant: GrantDetail }) {
  const messages = [...grant.messages].sort((a, b) => a.created_at.localeCompare(b.created_at));
  if (messages.length === 0) return <p>No messages yet.</p>;
  return (
    <ol className="messages" aria-label="Messages">
      {messages.map((message) => (
        <li key={message.id} className={message.visible ? undefined : "messages--internal"}>
          <p className="messages__meta">
            {message.author === "applicant" ? `${grant.user?.name || "Applicant"} (applicant)` : message.author_name || "Reviewer"}
            {" · "}
            <time dateTime={message.created_at}>{formatTimestamp(message.created_at)}</time>
            {" · "}
            {message.visible ? (
              <span className="badge badge--ok">Visible to applicant</span>
            ) : (
              <span className="badge badge--warn">Internal note: reviewers only</span>
            )}
          </p>
          <p>{message.message}</p>
        </li>
      ))}
    </ol>
  );
}

type Values = { message: string; visible: boolean };

export function SendMessageForm({ slug, grantId }: { slug: string; grantId: string }) {
  const send = useSendReviewerMessage(slug, grantId);
  const { register, handleSubmit, control, reset, setError, formState } = useForm<Values>({ defaultValues: { message: "", visible: false } });
  const visible = useWatch({ control, name: "visible" });
  const onSubmit = handleSubmit((values) =>
    send.mutateAsync(values).then(
      () => reset({ message: "", visible: false }),
      (error: unknown) => void applyServerErrors(error, setError, ["message", "visible"]),
    ),
  );
  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-labelledby="send-message-title" noValidate>
      <h3 id="send-message-title">Write a message or an internal note</h3>
      <FormError error={send.error} />
      <Field label="Message" required error={formState.errors.message?.message}>
        {(props) => <textarea {...props} {...register("message", { validate: (v) => v.trim() !== "" || "Write a message first." })} />}
      </Field>
      <ChoiceField label="Visible to applicant">{(props) => <input type="checkbox" {...props} {...register("visible")} />}</ChoiceField>
      <div className="actions actions--with-note">
        <button type="submit" className="button" disabled={formState.isSubmitting}>
          Send message
        </button>
        <p className="actions__note" aria-live="polite">
          {visible ? "The applicant will see this message." : "Not visible to the applicant: saved as an internal note for reviewers."}
        </p>
      </div>
      {send.isSuccess && !formState.isDirty ? (
        <p className="notice notice--ok" role="status">
          {send.data.visible ? "Message sent to the applicant." : "Internal note saved."}
        </p>
      ) : null}
    </form>
  );
}
