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
import { useRich, useT } from "@/lib/i18n";

import { useCancelSignup, useMySignups, type MySignup } from "../api/activities";
import { CalendarSubscription } from "./CalendarSubscription";
import { ClaimOffer } from "./ClaimOffer";

export function MyActivities({ slug }: { slug: string }) {
  const t = useT();
  const rich = useRich();
  const query = useMySignups(slug, true);
  const [cancelled, setCancelled] = useState<string | null>(null);
  return (
    <>
      <PageTitle>{t("myActivities.title")}</PageTitle>
      <div role="status" aria-live="polite">
        {cancelled ? <p className="notice">{t("myActivities.cancelled", { activity: cancelled })}</p> : null}
      </div>
      <QueryState query={query} loadingLabel={t("myActivities.loading")}>
        {(mine) => {
          const signups = [...mine.values()];
          if (signups.length === 0) {
            return (
              <p>
                {rich("myActivities.none", { link: (chunks) => <Link to={`/c/${slug}/activities`}>{chunks}</Link> })}
              </p>
            );
          }
          return (
            <ul className="cards" aria-label={t("myActivities.list")}>
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
  const t = useT();
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
            <strong>{t("myActivities.confirmed")}</strong>
          ) : (
            <strong>
              {signup.waitlist_position
                ? t("myActivities.waitlistedAt", { position: signup.waitlist_position })
                : t("myActivities.waitlisted")}
            </strong>
          )}
        </p>
      )}
      {signup.note ? <p>{t("myActivities.yourNote", { note: signup.note })}</p> : null}
      <ErrorMessage error={cancel.error} />
      <button type="button" className="button button--secondary" aria-label={t("myActivities.cancelFor", { activity: signup.activity_name })}
        onClick={() => setConfirming(true)}>
        {t("myActivities.cancel")}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t("myActivities.cancelTitle", { activity: signup.activity_name })}
        confirmLabel={t("myActivities.cancel")}
        cancelLabel={t("myActivities.keep")}
        danger
        busy={cancel.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => cancel.mutate(undefined, { onSettled: () => setConfirming(false), onSuccess: onCancelled })}
      >
        <p>
          {signup.status !== "waitlisted"
            ? t("myActivities.cancelBody")
            : t("myActivities.cancelBodyWaitlisted")}
        </p>
      </ConfirmDialog>
    </li>
  );
}
