/**
 * The caller's signup for one activity: "Sign up" (with an optional note), confirmed or
 * waitlisted with the position, "Cancel signup" behind a confirm step, and sign up again.
 * While waitlisted the detail query polls (5 s) and refetches on focus, so a promotion
 * shows up by itself; the change is announced politely. After "Sign up" or "Cancel signup"
 * focus moves to the result, so keyboard and screen-reader users land on what changed.
 * "Sign up" means to attend (not to give a talk); on a full activity the button says
 * "Join the waitlist", which is what it does.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation } from "react-router";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";
import { useRich, useT } from "@/lib/i18n";

import { useCancelSignup, useSignUp, type ActivityDetail } from "../api/activities";
import { ClaimOffer } from "./ClaimOffer";

type Props = { slug: string; activity: ActivityDetail; signedIn: boolean };

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

export function SignupPanel({ slug, activity, signedIn }: Props) {
  const t = useT();
  const rich = useRich();
  const location = useLocation();
  const signUp = useSignUp(slug, activity.slug);
  const cancel = useCancelSignup(slug, activity.slug);
  const [note, setNote] = useState("");
  const [confirming, setConfirming] = useState(false);
  // Bumped by a finished sign-up or cancellation: the result (the status region) takes focus.
  const [moved, setMoved] = useState(0);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (moved) result.current?.focus();
  }, [moved]);
  const signup = activity.my_signup;

  if (!signedIn) {
    const next = encodeURIComponent(location.pathname);
    return (
      <section aria-labelledby="signup-title" className="card">
        <h2 id="signup-title">{t("signupPanel.title")}</h2>
        <p>{rich("signupPanel.signInFirst", { link: (chunks) => <Link to={`/sign-in?next=${next}`}>{chunks}</Link> })}</p>
      </section>
    );
  }

  const full = activity.spots_remaining !== null && activity.spots_remaining <= 0;
  const position = signup?.waitlist_position ?? null;
  return (
    <section aria-labelledby="signup-title" className="card">
      <h2 id="signup-title">{t("signupPanel.title")}</h2>
      <div aria-live="polite" role="status" tabIndex={-1} ref={result} className="signup-result">
        {signup?.status === "confirmed" ? (
          <p className="notice notice--ok">{rich("signupPanel.confirmed", { strong })}</p>
        ) : null}
        {signup?.status === "waitlisted" ? (
          <p className="notice">
            {position
              ? rich("signupPanel.waitlistedAt", { position, strong })
              : rich("signupPanel.waitlisted", { strong })}
          </p>
        ) : null}
        {!signup && cancel.isSuccess ? <p className="notice">{t("signupPanel.cancelled")}</p> : null}
      </div>
      {signup?.status === "offered" && signup.claim_by ? (
        <ClaimOffer slug={slug} activitySlug={activity.slug} claimBy={signup.claim_by} onClaimed={() => setMoved((n) => n + 1)} />
      ) : null}
      {signup ? (
        <>
          {signup.note ? <p>{t("signupPanel.yourNote", { note: signup.note })}</p> : null}
          <ErrorMessage error={cancel.error} onRetry={() => cancel.mutate()} />
          <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
            {t("signupPanel.cancel")}
          </button>
          <ConfirmDialog
            open={confirming}
            title={t("signupPanel.cancelTitle")}
            confirmLabel={t("signupPanel.cancel")}
            cancelLabel={t("signupPanel.keep")}
            danger
            busy={cancel.isPending}
            onCancel={() => setConfirming(false)}
            onConfirm={() => cancel.mutate(undefined, {
              onSettled: () => setConfirming(false),
              onSuccess: () => setMoved((n) => n + 1),
            })}
          >
            <p>
              {signup.status !== "waitlisted"
                ? t("signupPanel.cancelBody")
                : t("signupPanel.cancelBodyWaitlisted")}
            </p>
          </ConfirmDialog>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            signUp.mutate(note, {
              onSuccess: () => {
                setNote("");
                setMoved((n) => n + 1);
              },
            });
          }}
        >
          <p id="signup-meaning">
            {full
              ? t("signupPanel.meaningFull")
              : t("signupPanel.meaning")}
          </p>
          <Field label={t("signupPanel.note")} hint={t("signupPanel.noteHint")}>
            {(props) => <textarea {...props} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <ErrorMessage error={signUp.error} onRetry={() => signUp.mutate(note)} />
          <button type="submit" className="button" aria-describedby="signup-meaning" disabled={signUp.isPending}>
            {full ? t("signupPanel.joinWaitlist") : t("signupPanel.signUp")}
          </button>
        </form>
      )}
    </section>
  );
}
