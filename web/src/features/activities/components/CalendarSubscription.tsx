/**
 * "Subscribe to my activities": the caller's private feed URL of their confirmed activities,
 * for a calendar app to subscribe to, with "Copy" and "Revoke" (the old URL then stops working).
 */
import { useState } from "react";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";
import { useT } from "@/lib/i18n";

import { useCalendarFeed, useRevokeCalendarFeed } from "../api/calendars";

export function CalendarSubscription({ slug }: { slug: string }) {
  const t = useT();
  const [asked, setAsked] = useState(false);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const feed = useCalendarFeed(slug, asked);
  const revoke = useRevokeCalendarFeed(slug);
  const url = asked ? feed.data : undefined;

  return (
    <section aria-labelledby="calendar-feed-title" className="card calendar-feed">
      <h2 id="calendar-feed-title">{t("calendarFeed.title")}</h2>
      <div role="status" aria-live="polite">
        {revoked && !asked ? <p className="notice">{t("calendarFeed.revoked")}</p> : null}
        {copied ? <p className="notice notice--ok">{t("calendarFeed.copied")}</p> : null}
      </div>
      {url ? (
        <>
          <p>{t("calendarFeed.how")}</p>
          <Field label={t("calendarFeed.link")}>
            {(props) => <input {...props} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />}
          </Field>
          <p>
            <button type="button" className="button" onClick={() => {
              // Refused without permission or outside a secure context: the field stays selectable.
              navigator.clipboard.writeText(url).then(() => setCopied(true), () => setCopied(false));
            }}>
              {t("calendarFeed.copy")}
            </button>{" "}
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              {t("calendarFeed.revoke")}
            </button>
          </p>
          <ErrorMessage error={revoke.error} />
          <ConfirmDialog
            open={confirming}
            title={t("calendarFeed.revokeTitle")}
            confirmLabel={t("calendarFeed.revoke")}
            cancelLabel={t("calendarFeed.keep")}
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
            <p>{t("calendarFeed.revokeBody")}</p>
          </ConfirmDialog>
        </>
      ) : (
        <>
          <p>{t("calendarFeed.intro")}</p>
          <ErrorMessage error={feed.error} onRetry={() => void feed.refetch()} />
          <button type="button" className="button" disabled={asked && feed.isFetching} onClick={() => {
            setAsked(true);
            setRevoked(false);
          }}>
            {t("calendarFeed.subscribe")}
          </button>
        </>
      )}
    </section>
  );
}
