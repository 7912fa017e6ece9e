/**
 * The actions the API allows right now (`actions`): never the client's own idea of the
 * state machine. Accept/Decline/Withdraw ask for confirmation; "Provide information" and
 * "Request more" carry a message.
 */
import { useState } from "react";
import { Link } from "react-router";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { ApiError } from "@/lib/api/errors";
import { Field } from "@/components/Field";
import { formatMoney, moneyProblem } from "@/utils/money";

import { useGrantAction, type Grant, type SimpleAction } from "../api/grants";

const CONFIRM: Record<SimpleAction, { title: string; body: string; label: string; danger: boolean }> = {
  accept: { title: "Accept the offer?", body: "You confirm you will come and use the grant as offered.", label: "Accept", danger: false },
  decline: { title: "Decline the offer?", body: "The offer goes to someone else. This cannot be undone.", label: "Decline", danger: true },
  withdraw: {
    title: "Withdraw your application?",
    body: "The reviewers will stop considering it. This cannot be undone.",
    label: "Withdraw",
    danger: true,
  },
};

/** Withdrawing an accepted grant: the applicant can no longer come (a refused visa is common). */
const CANNOT_ATTEND = {
  title: "You can no longer attend?",
  body:
    "Your grant is released and its money goes back to the travel grant budget for someone else. Your receipts and " +
    "payment details stay on record. This cannot be undone.",
  label: "I can no longer attend",
  confirm: "Withdraw my grant",
  danger: true,
};

export function GrantActions({ slug, grant }: { slug: string; grant: Grant }) {
  const action = useGrantAction(slug);
  const [confirming, setConfirming] = useState<SimpleAction | null>(null);
  // The amount the applicant was asked to accept when the offer changed under them (409 offer_changed).
  const [changedFrom, setChangedFrom] = useState<string | null>(null);
  const { actions } = grant;
  const close = () => {
    setConfirming(null);
    setChangedFrom(null);
  };
  const simple = (["accept", "decline", "withdraw"] as const).filter((name) => actions[name]);
  const words = (name: SimpleAction) =>
    name === "withdraw" && grant.status === "accepted" ? CANNOT_ATTEND : { ...CONFIRM[name], confirm: CONFIRM[name].label };
  const hasAny = simple.length || actions.edit || actions.upload_receipts || actions.payment_info;
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">What you can do</h2>
      {!hasAny && !actions.provide_info && !actions.request_more ? <p>Nothing is needed from you right now.</p> : null}
      <div className="actions">
        {actions.edit ? (
          <Link className="button button--secondary" to={`/c/${slug}/grant/edit`}>
            Edit application
          </Link>
        ) : null}
        {actions.upload_receipts ? (
          <Link className="button button--secondary" to={`/c/${slug}/grant/receipts`}>
            Receipts
          </Link>
        ) : null}
        {actions.payment_info ? (
          <Link className="button button--secondary" to={`/c/${slug}/grant/payment`}>
            Payment details
          </Link>
        ) : null}
        {simple.map((name) => (
          <button
            key={name}
            type="button"
            className={words(name).danger ? "button button--danger" : "button"}
            onClick={() => {
              action.reset();
              setChangedFrom(null);
              setConfirming(name);
            }}
          >
            {words(name).label}
          </button>
        ))}
      </div>
      {confirming && actions[confirming] ? (
        <ConfirmDialog
          open
          title={confirming === "accept" && grant.approved_amount ? `Accept ${formatMoney(grant.approved_amount)}?` : words(confirming).title}
          confirmLabel={words(confirming).confirm}
          danger={words(confirming).danger}
          busy={action.isPending}
          onCancel={close}
          onConfirm={() => {
            const shown = grant.approved_amount ?? null;
            action.mutate(
              { kind: confirming, ...(confirming === "accept" ? { amount: shown } : {}) },
              {
                onSuccess: close,
                // The offer changed since the page was read: the grant has been read again
                // (useGrantAction), so the dialog now asks about the new amount.
                onError: (error) => {
                  if (error instanceof ApiError && error.code === "offer_changed" && shown) {
                    action.reset();
                    setChangedFrom(shown);
                  } else {
                    close();
                  }
                },
              },
            );
          }}
        >
          {changedFrom && confirming === "accept" ? (
            <p role="alert">
              The offer changed while you were deciding: it is now {grant.approved_amount ? formatMoney(grant.approved_amount) : "no amount"}{" "}
              (it was {formatMoney(changedFrom)}).
            </p>
          ) : null}
          <p>{words(confirming).body}</p>
        </ConfirmDialog>
      ) : null}
      {!confirming ? <ErrorMessage error={action.error} /> : null}
      {actions.provide_info ? <ProvideInfo slug={slug} question={grant.question ?? null} /> : null}
      {actions.request_more ? <RequestMore slug={slug} /> : null}
    </section>
  );
}

function ProvideInfo({ slug, question }: { slug: string; question: string | null }) {
  const action = useGrantAction(slug);
  const [message, setMessage] = useState("");
  const [problem, setProblem] = useState<string>();
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        if (!message.trim()) return setProblem("Write the information the reviewers asked for.");
        setProblem(undefined);
        action.mutate({ kind: "provide-info", message: message.trim() }, { onSuccess: () => setMessage("") });
      }}
    >
      <h3>Answer the reviewers</h3>
      {question ? (
        <blockquote className="prose" aria-label="The reviewers' question">{question}</blockquote>
      ) : null}
      <Field label="Your answer" hint="This answers the question above and sends your application back to the reviewers." required error={problem}>
        {(props) => <textarea {...props} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <ErrorMessage error={action.error} />
      <button type="submit" className="button" disabled={action.isPending}>
        Provide information
      </button>
    </form>
  );
}

function RequestMore({ slug }: { slug: string }) {
  const action = useGrantAction(slug);
  const [message, setMessage] = useState("");
  const [amount, setAmount] = useState("");
  const [problems, setProblems] = useState<{ message?: string; amount?: string }>({});
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        const found = {
          ...(message.trim() ? {} : { message: "Say why the offer is not enough." }),
          ...(moneyProblem(amount) ? { amount: moneyProblem(amount) ?? "" } : {}),
        };
        setProblems(found);
        if (Object.keys(found).length) return;
        action.mutate(
          { kind: "request-more", message: message.trim(), ...(amount.trim() ? { amount: amount.trim() } : {}) },
          { onSuccess: () => setMessage("") },
        );
      }}
    >
      <h3>Ask for more</h3>
      <Field label="Why the offer is not enough" required error={problems.message}>
        {(props) => <textarea {...props} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <Field label="Amount you need (USD)" hint="Optional." error={problems.amount}>
        {(props) => <input {...props} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
      </Field>
      <ErrorMessage error={action.error} />
      <button type="submit" className="button button--secondary" disabled={action.isPending}>
        Request more
      </button>
    </form>
  );
}
