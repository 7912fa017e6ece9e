/**
 * The caller's signup for one activity: "Sign up" (with an optional note), confirmed or
 * waitlisted with the position, "Cancel signup" behind a confirm step, and sign up again.
 * While waitlisted the detail query polls (5 s) and refetches on focus, so a promotion
 * shows up by itself; the change is announced politely. After "Sign up" or "Cancel signup"
 * focus moves to the result, so keyboard and screen-reader users land on what changed.
 * "Sign up" means to attend (not to give a talk); on a full activity the button says
 * "Join the waitlist", which is what it does.
 */
import { useEffect, useRef, useState } from "react";
import { Link, useLocation } from "react-router";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";

import { useCancelSignup, useSignUp, type ActivityDetail } from "../api/activities";
import { ClaimOffer } from "./ClaimOffer";

type Props = { slug: string; activity: ActivityDetail; signedIn: boolean };

export function SignupPanel({ slug, activity, signedIn }: Props) {
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
        <h2 id="signup-title">Your place</h2>
        <p>
          <Link to={`/sign-in?next=${next}`}>Sign in</Link> to sign up for this activity.
        </p>
      </section>
    );
  }

  const full = activity.spots_remaining !== null && activity.spots_remaining <= 0;
  const position = signup?.waitlist_position ?? null;
  return (
    <section aria-labelledby="signup-title" className="card">
      <h2 id="signup-title">Your place</h2>
      <div aria-live="polite" role="status" tabIndex={-1} ref={result} className="signup-result">
        {signup?.status === "confirmed" ? (
          <p className="notice notice--ok">
            <strong>You're signed up: confirmed.</strong> See you there!
          </p>
        ) : null}
        {signup?.status === "waitlisted" ? (
          <p className="notice">
            <strong>You're on the waitlist{position ? `, position ${position}` : ""}.</strong> When a place frees
            up, the first person waiting gets it; this page updates by itself.
          </p>
        ) : null}
        {!signup && cancel.isSuccess ? <p className="notice">Your signup is cancelled. You can sign up again.</p> : null}
      </div>
      {signup?.status === "offered" && signup.claim_by ? (
        <ClaimOffer slug={slug} activitySlug={activity.slug} claimBy={signup.claim_by} onClaimed={() => setMoved((n) => n + 1)} />
      ) : null}
      {signup ? (
        <>
          {signup.note ? <p>Your note: {signup.note}</p> : null}
          <ErrorMessage error={cancel.error} onRetry={() => cancel.mutate()} />
          <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
            Cancel signup
          </button>
          <ConfirmDialog
            open={confirming}
            title="Cancel your signup?"
            confirmLabel="Cancel signup"
            cancelLabel="Keep my place"
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
                ? "Your place goes to the next person on the waitlist. You can sign up again, but you may then be waitlisted."
                : "You leave the waitlist. You can sign up again later, at the end of the queue."}
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
              ? "This activity is full: joining the waitlist saves your turn to attend. You get a place when one frees up."
              : "Signing up saves you a place to attend this activity (it is not a way to give a talk)."}
          </p>
          <Field label="Note for the organisers" hint="Optional: anything they should know.">
            {(props) => <textarea {...props} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <ErrorMessage error={signUp.error} onRetry={() => signUp.mutate(note)} />
          <button type="submit" className="button" aria-describedby="signup-meaning" disabled={signUp.isPending}>
            {full ? "Join the waitlist" : "Sign up"}
          </button>
        </form>
      )}
    </section>
  );
}
