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
import { useT, type MessageId } from "@/lib/i18n";

import { useGrantAction, type Grant, type SimpleAction } from "../api/grants";

type Words = { title: MessageId; body: MessageId; label: MessageId; confirm: MessageId; danger: boolean };

const CONFIRM: Record<SimpleAction, Words> = {
  accept: { title: "actions.accept.title", body: "actions.accept.body", label: "actions.accept", confirm: "actions.accept", danger: false },
  decline: { title: "actions.decline.title", body: "actions.decline.body", label: "actions.decline", confirm: "actions.decline", danger: true },
  withdraw: { title: "actions.withdraw.title", body: "actions.withdraw.body", label: "actions.withdraw", confirm: "actions.withdraw", danger: true },
};

/** Withdrawing an accepted grant: the applicant can no longer come (a refused visa is common). */
const CANNOT_ATTEND: Words = {
  title: "actions.cannotAttend.title",
  body: "actions.cannotAttend.body",
  label: "actions.cannotAttend",
  confirm: "actions.cannotAttend.confirm",
  danger: true,
};

export function GrantActions({ slug, grant }: { slug: string; grant: Grant }) {
  const t = useT();
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
    name === "withdraw" && grant.status === "accepted" ? CANNOT_ATTEND : CONFIRM[name];
  const hasAny = simple.length || actions.edit || actions.upload_receipts || actions.payment_info;
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t("actions.title")}</h2>
      {!hasAny && !actions.provide_info && !actions.request_more ? <p>{t("actions.nothing")}</p> : null}
      <div className="actions">
        {actions.edit ? (
          <Link className="button button--secondary" to={`/c/${slug}/grant/edit`}>
            {t("actions.edit")}
          </Link>
        ) : null}
        {actions.upload_receipts ? (
          <Link className="button button--secondary" to={`/c/${slug}/grant/receipts`}>
            {t("actions.receipts")}
          </Link>
        ) : null}
        {actions.payment_info ? (
          <Link className="button button--secondary" to={`/c/${slug}/grant/payment`}>
            {t("actions.payment")}
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
            {t(words(name).label)}
          </button>
        ))}
      </div>
      {confirming && actions[confirming] ? (
        <ConfirmDialog
          open
          title={confirming === "accept" && grant.approved_amount ? t("actions.accept.amount", { amount: formatMoney(grant.approved_amount) }) : t(words(confirming).title)}
          confirmLabel={t(words(confirming).confirm)}
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
              {grant.approved_amount
                ? t("actions.offerChanged", { now: formatMoney(grant.approved_amount), was: formatMoney(changedFrom) })
                : t("actions.offerChangedNone", { was: formatMoney(changedFrom) })}
            </p>
          ) : null}
          <p>{t(words(confirming).body)}</p>
        </ConfirmDialog>
      ) : null}
      {!confirming ? <ErrorMessage error={action.error} /> : null}
      {actions.provide_info ? <ProvideInfo slug={slug} question={grant.question ?? null} /> : null}
      {actions.request_more ? <RequestMore slug={slug} /> : null}
    </section>
  );
}

function ProvideInfo({ slug, question }: { slug: string; question: string | null }) {
  const t = useT();
  const action = useGrantAction(slug);
  const [message, setMessage] = useState("");
  const [problem, setProblem] = useState<string>();
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        if (!message.trim()) return setProblem(t("actions.provideInfo.empty"));
        setProblem(undefined);
        action.mutate({ kind: "provide-info", message: message.trim() }, { onSuccess: () => setMessage("") });
      }}
    >
      <h3>{t("actions.provideInfo.title")}</h3>
      {question ? (
        <blockquote className="prose" aria-label={t("actions.provideInfo.question")}>{question}</blockquote>
      ) : null}
      <Field label={t("actions.provideInfo.label")} hint={t("actions.provideInfo.hint")} required error={problem}>
        {(props) => <textarea {...props} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <ErrorMessage error={action.error} />
      <button type="submit" className="button" disabled={action.isPending}>
        {t("actions.provideInfo")}
      </button>
    </form>
  );
}

function RequestMore({ slug }: { slug: string }) {
  const t = useT();
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
          ...(message.trim() ? {} : { message: t("actions.requestMore.empty") }),
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
      <h3>{t("actions.requestMore.title")}</h3>
      <Field label={t("actions.requestMore.why")} required error={problems.message}>
        {(props) => <textarea {...props} value={message} onChange={(e) => setMessage(e.target.value)} />}
      </Field>
      <Field label={t("actions.requestMore.amount")} hint={t("common.optional")} error={problems.amount}>
        {(props) => <input {...props} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
      </Field>
      <ErrorMessage error={action.error} />
      <button type="submit" className="button button--secondary" disabled={action.isPending}>
        {t("actions.requestMore")}
      </button>
    </form>
  );
}
