/**
 * One activity's signups: the stats, the list filtered by status, "Export CSV", and
 * "Promote" for a waitlisted signup (with a warning first when the activity is full,
 * because promoting then overbooks it).
 */
import { useState } from "react";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { QueryState } from "@/components/QueryState";
import { useT, type MessageId } from "@/lib/i18n";
import { formatTimestamp } from "@/utils/dates";

import { useExportCsv, usePromote, useSignups, type ManagedSignup, type SignupStatus } from "../api/activities";
import { tableRegion } from "@/components/tableRegion";

const FILTERS: [SignupStatus | null, MessageId][] = [
  [null, "signupsDashboard.filter.active"],
  ["confirmed", "signupsDashboard.confirmed"],
  ["waitlisted", "signupsDashboard.waitlisted"],
  ["cancelled", "signupsDashboard.cancelled"],
];

export function SignupsDashboard({ slug, activitySlug }: { slug: string; activitySlug: string }) {
  const t = useT();
  const [status, setStatus] = useState<SignupStatus | null>(null);
  const query = useSignups(slug, activitySlug, status);
  const exportCsv = useExportCsv(slug, activitySlug);
  const promote = usePromote(slug, activitySlug);
  const [pending, setPending] = useState<ManagedSignup | null>(null);
  const [promoted, setPromoted] = useState<{ name: string; overbooked: boolean } | null>(null);

  const doPromote = (signup: ManagedSignup) =>
    promote.mutate(signup.id, {
      onSuccess: (result) => {
        setPromoted({ name: signup.user.name || signup.user.email, overbooked: result.overbooked });
        setPending(null);
      },
      onError: () => setPending(null),
    });

  return (
    <QueryState query={query} loadingLabel={t("signupsDashboard.loading")}>
      {(data) => {
        const full = data.spots_remaining !== null && data.spots_remaining <= 0;
        return (
          <>
            <dl className="stats" aria-label={t("signupsDashboard.stats")}>
              <div><dt>{t("signupsDashboard.confirmed")}</dt><dd>{data.stats.confirmed}</dd></div>
              <div><dt>{t("signupsDashboard.waitlisted")}</dt><dd>{data.stats.waitlisted}</dd></div>
              <div><dt>{t("signupsDashboard.cancelled")}</dt><dd>{data.stats.cancelled}</dd></div>
              <div><dt>{t("signupsDashboard.placesLeft")}</dt><dd>{data.spots_remaining ?? t("signupsDashboard.unlimited")}</dd></div>
            </dl>
            <div className="actions">
              <button type="button" className="button button--secondary" disabled={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
                {t("signupsDashboard.exportCsv")}
              </button>
            </div>
            <ErrorMessage error={exportCsv.error} onRetry={() => exportCsv.mutate()} />
            <div className="field field--inline">
              <label htmlFor="signup-filter">{t("signupsDashboard.show")}</label>
              <select id="signup-filter" value={status ?? ""} onChange={(e) => setStatus((e.target.value || null) as SignupStatus | null)}>
                {FILTERS.map(([value, label]) => (
                  <option key={label} value={value ?? ""}>
                    {t(label)}
                  </option>
                ))}
              </select>
            </div>
            <div aria-live="polite">
              {promoted ? (
                <p className={promoted.overbooked ? "notice" : "notice notice--ok"} role="status">
                  {t(promoted.overbooked ? "signupsDashboard.promotedOverbooked" : "signupsDashboard.promoted", { name: promoted.name })}
                </p>
              ) : null}
            </div>
            <ErrorMessage error={promote.error} />
            {data.signups.length === 0 ? (
              <p>{t("signupsDashboard.none")}</p>
            ) : (
              <div {...tableRegion({ label: t("signupsDashboard.table") })}>
                <table aria-label={t("signupsDashboard.table")}>
                  <thead>
                    <tr>
                      <th scope="col">{t("signupsDashboard.name")}</th>
                      <th scope="col">{t("signupsDashboard.email")}</th>
                      <th scope="col">{t("signupsDashboard.status")}</th>
                      <th scope="col">{t("signupsDashboard.position")}</th>
                      <th scope="col">{t("signupsDashboard.note")}</th>
                      <th scope="col">{t("signupsDashboard.signedUp")}</th>
                      <th scope="col"><span className="visually-hidden">{t("signupsDashboard.actions")}</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.signups.map((signup) => (
                      <tr key={signup.id}>
                        <td>{signup.user.name || signup.user.sub}</td>
                        <td>{signup.user.email}</td>
                        <td>{signup.status === "waitlisted" ? <span className="badge badge--warn">{t("signupsDashboard.badge.waitlisted")}</span> : signup.status === "confirmed" ? <span className="badge badge--ok">{t("signupsDashboard.badge.confirmed")}</span> : <span className="badge badge--muted">{t("signupsDashboard.badge.cancelled")}</span>}</td>
                        <td>{signup.waitlist_position ?? "—"}</td>
                        <td>{signup.note || "—"}</td>
                        <td>{formatTimestamp(signup.created_at)}</td>
                        <td>
                          {signup.status === "waitlisted" ? (
                            <button
                              type="button"
                              className="button button--secondary"
                              aria-label={t("signupsDashboard.promoteWho", { name: signup.user.name || signup.user.email })}
                              disabled={promote.isPending}
                              onClick={() => (full ? setPending(signup) : doPromote(signup))}
                            >
                              {t("signupsDashboard.promote")}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <ConfirmDialog
              open={pending !== null}
              title={t("signupsDashboard.fullTitle")}
              confirmLabel={t("signupsDashboard.promoteAnyway")}
              busy={promote.isPending}
              onConfirm={() => pending && doPromote(pending)}
              onCancel={() => setPending(null)}
            >
              <p>{t("signupsDashboard.fullBody", { name: pending?.user.name || pending?.user.email })}</p>
            </ConfirmDialog>
          </>
        );
      }}
    </QueryState>
  );
}
