/**
 * The whole message thread as reviewers see it: internal notes are marked (the applicant
 * never sees them), and "Send message" says next to the button who will read it.
 */
import { useForm, useWatch } from "react-hook-form";

import { ChoiceField, Field } from "@/components/Field";
import { FormError } from "@/components/FormError";
import { applyServerErrors } from "@/lib/forms";
import { useT } from "@/lib/i18n";
import { formatTimestamp } from "@/utils/dates";

import { useSendReviewerMessage, type GrantDetail } from "../api/grants";

export function MessageThread({ grant }: { grant: GrantDetail }) {
  const t = useT();
  const messages = [...grant.messages].sort((a, b) => a.created_at.localeCompare(b.created_at));
  if (messages.length === 0) return <p>{t("thread.none")}</p>;
  return (
    <ol className="messages" aria-label={t("thread.label")}>
      {messages.map((message) => (
        <li key={message.id} className={message.visible ? undefined : "messages--internal"}>
          <p className="messages__meta">
            {message.author === "applicant"
              ? t("thread.applicant", { name: grant.user?.name || t("thread.applicantUnnamed") })
              : message.author_name || t("thread.reviewer")}
            {" · "}
            <time dateTime={message.created_at}>{formatTimestamp(message.created_at)}</time>
            {" · "}
            {message.visible ? (
              <span className="badge badge--ok">{t("thread.visible")}</span>
            ) : (
              <span className="badge badge--warn">{t("thread.internal")}</span>
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
  const t = useT();
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
      <h3 id="send-message-title">{t("thread.formTitle")}</h3>
      <FormError error={send.error} />
      <Field label={t("thread.message")} required error={formState.errors.message?.message}>
        {(props) => <textarea {...props} {...register("message", { validate: (v) => v.trim() !== "" || t("thread.empty") })} />}
      </Field>
      <ChoiceField label={t("thread.visible")}>{(props) => <input type="checkbox" {...props} {...register("visible")} />}</ChoiceField>
      <div className="actions actions--with-note">
        <button type="submit" className="button" disabled={formState.isSubmitting}>
          {t("thread.send")}
        </button>
        <p className="actions__note" aria-live="polite">
          {t(visible ? "thread.willSee" : "thread.internalNote")}
        </p>
      </div>
      {send.isSuccess && !formState.isDirty ? (
        <p className="notice notice--ok" role="status">
          {t(send.data.visible ? "thread.sent" : "thread.noteSaved")}
        </p>
      ) : null}
    </form>
  );
}
