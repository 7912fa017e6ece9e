/** The message thread with the reviewers, and "Send message". */
import { useState } from "react";

import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";
import { formatTimestamp } from "@/utils/dates";
import { useT } from "@/lib/i18n";

import { useSendMessage, type Grant } from "../api/grants";

export function Messages({ slug, grant }: { slug: string; grant: Grant }) {
  const t = useT();
  const send = useSendMessage(slug);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string>();
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{t("messages.title")}</h2>
      {grant.messages.length === 0 ? <p>{t("messages.none")}</p> : null}
      <ol className="messages">
        {grant.messages.map((message) => (
          <li key={message.id} className={message.author === "applicant" ? "messages--mine" : undefined}>
            <p className="messages__meta">
              {t("messages.meta", { mine: String(message.author === "applicant"), when: formatTimestamp(message.created_at) })}
            </p>
            <p>{message.message}</p>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!text.trim()) return setProblem(t("messages.empty"));
          setProblem(undefined);
          send.mutate(text.trim(), { onSuccess: () => setText("") });
        }}
      >
        <Field label={t("messages.label")} error={problem}>
          {(props) => <textarea {...props} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <ErrorMessage error={send.error} onRetry={() => send.mutate(text.trim())} />
        <button type="submit" className="button button--secondary" disabled={send.isPending}>
          {t("messages.send")}
        </button>
      </form>
    </section>
  );
}
