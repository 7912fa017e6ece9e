/**
 * "My activities": the caller's active signups in the conference (GET .../my/signups):
 * confirmed, or waitlisted with the place in the queue, each with "Cancel signup" behind
 * a confirm step. The list polls while a signup waits, like the activity page.
 */
import { useState } from "react";
import { Link } from "react-router";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";

import { useCancelSignup, useMySignups, type MySignup } from "../api/activities";
import { CalendarSubscription } from "./CalendarSubscription";
import { ClaimOffer } from "./ClaimOffer";

export function MyActivities({ slug }: { slug: string }) {
  const query = useMySignups(slug, true);
  const [cancelled, setCancelled] = useState<string | null>(null);
  return (
    <>
      <PageTitle>My activities</PageTitle>
      <div role="status" aria-live="polite">
        {cancelled ? <p className="notice">Your signup for {cancelled} is cancelled.</p> : null}
      </div>
      <QueryState query={query} loadingLabel="Loading your signups…">
        {(mine) => {
          const signups = [...mine.values()];
          if (signups.length === 0) {
            return (
              <p>
                You have not signed up for any activity. <Link to={`/c/${slug}/activities`}>See the activities</Link>.
              </p>
            );
          }
          return (
            <ul className="cards" aria-label="Your signups">
              {signups.map((signup) => (
                <SignupCard key={signup.id} slug={slug} signup={signup} onCancelled={() => setCancelled(signup.activity_name)} />
              ))}
            </ul>
          );
        }}
      </QueryState>
      <CalendarSubscription slug={slug} />
    </>
  );
}

function SignupCard({ slug, signup, onCancelled }: { slug: string; signup: MySignup; onCancelled: () => void }) {
  const cancel = useCancelSignup(slug, signup.activity_slug);
  const [confirming, setConfirming] = useState(false);
  const confirmed = signup.status === "confirmed";
  const offered = signup.status === "offered" && signup.claim_by;
  return (
    <li className="card">
      <h2 className="card__title">
        <Link to={`/c/${slug}/activities/${signup.activity_slug}`}>{signup.activity_name}</Link>
      </h2>
      {offered ? (
        <ClaimOffer slug={slug} activitySlug={signup.activity_slug} claimBy={signup.claim_by ?? ""}
          activityName={signup.activity_name} />
      ) : (
        <p>
          {confirmed ? (
            <strong>Confirmed: you have a place.</strong>
          ) : (
            <strong>On the waitlist{signup.waitlist_position ? `, position ${signup.waitlist_position}` : ""}.</strong>
          )}
        </p>
      )}
      {signup.note ? <p>Your note: {signup.note}</p> : null}
      <ErrorMessage error={cancel.error} />
      <button type="button" className="button button--secondary" aria-label={`Cancel signup for ${signup.activity_name}`}
        onClick={() => setConfirming(true)}>
        Cancel signup
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Cancel your signup for ${signup.activity_name}?`}
        confirmLabel="Cancel signup"
        cancelLabel="Keep my place"
        danger
        busy={cancel.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => cancel.mutate(undefined, { onSettled: () => setConfirming(false), onSuccess: onCancelled })}
      >
        <p>
          {signup.status !== "waitlisted"
            ? "Your place goes to the next person on the waitlist."
            : "You leave the waitlist. You can sign up again later, at the end of the queue."}
        </p>
      </ConfirmDialog>
    </li>
  );
}
