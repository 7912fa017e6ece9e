/** The message thread with the reviewers, and "Send message". */
import { useState } from "react";

import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";
import { formatTimestamp } from "@/utils/dates";

import { useSendMessage, type Grant } from "../api/grants";

export function Messages({ slug, grant }: { slug: string; grant: Grant }) {
  const send = useSendMessage(slug);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string>();
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">Messages</h2>
      {grant.messages.length === 0 ? <p>No messages yet.</p> : null}
      <ol className="messages">
        {grant.messages.map((message) => (
          <li key={message.id} className={message.author === "applicant" ? "messages--mine" : undefined}>
            <p className="messages__meta">
              {message.author === "applicant" ? "You" : "Reviewers"}, {formatTimestamp(message.created_at)}
            </p>
            <p>{message.message}</p>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!text.trim()) return setProblem("Write a message first.");
          setProblem(undefined);
          send.mutate(text.trim(), { onSuccess: () => setText("") });
        }}
      >
        <Field label="Message to the reviewers" error={problem}>
          {(props) => <textarea {...props} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <ErrorMessage error={send.error} onRetry={() => send.mutate(text.trim())} />
        <button type="submit" className="button button--secondary" disabled={send.isPending}>
          Send message
        </button>
      </form>
    </section>
  );
}
