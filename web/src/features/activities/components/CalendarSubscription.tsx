/**
 * "Subscribe to my activities": the caller's private feed URL of their confirmed activities,
 * for a calendar app to subscribe to, with "Copy" and "Revoke" (the old URL then stops working).
 */
import { useState } from "react";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";

import { useCalendarFeed, useRevokeCalendarFeed } from "../api/calendars";

export function CalendarSubscription({ slug }: { slug: string }) {
  const [asked, setAsked] = useState(false);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const feed = useCalendarFeed(slug, asked);
  const revoke = useRevokeCalendarFeed(slug);
  const url = asked ? feed.data : undefined;

  return (
    <section aria-labelledby="calendar-feed-title" className="card calendar-feed">
      <h2 id="calendar-feed-title">Your calendar</h2>
      <div role="status" aria-live="polite">
        {revoked && !asked ? <p className="notice">The link is revoked: calendars using it no longer update.</p> : null}
        {copied ? <p className="notice notice--ok">Link copied.</p> : null}
      </div>
      {url ? (
        <>
          <p>
            Add this link to your calendar app as a subscription: it shows the activities you are confirmed for and
            follows your changes. Keep it private: anyone with the link sees your activities.
          </p>
          <Field label="Your calendar link">
            {(props) => <input {...props} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />}
          </Field>
          <p>
            <button type="button" className="button" onClick={() => {
              // Refused without permission or outside a secure context: the field stays selectable.
              navigator.clipboard.writeText(url).then(() => setCopied(true), () => setCopied(false));
            }}>
              Copy link
            </button>{" "}
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              Revoke link
            </button>
          </p>
          <ErrorMessage error={revoke.error} />
          <ConfirmDialog
            open={confirming}
            title="Revoke your calendar link?"
            confirmLabel="Revoke link"
            cancelLabel="Keep it"
            danger
            busy={revoke.isPending}
            onCancel={() => setConfirming(false)}
            onConfirm={() => revoke.mutate(undefined, {
              onSettled: () => setConfirming(false),
              onSuccess: () => {
                setAsked(false);
                setCopied(false);
                setRevoked(true);
              },
            })}
          >
            <p>Calendars subscribed to this link stop updating. You can make a new link afterwards.</p>
          </ConfirmDialog>
        </>
      ) : (
        <>
          <p>Follow the activities you are confirmed for in your own calendar app.</p>
          <ErrorMessage error={feed.error} onRetry={() => void feed.refetch()} />
          <button type="button" className="button" disabled={asked && feed.isFetching} onClick={() => {
            setAsked(true);
            setRevoked(false);
          }}>
            Subscribe to my activities
          </button>
        </>
      )}
    </section>
  );
}
