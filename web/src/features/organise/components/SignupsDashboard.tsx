/**
 * One activity's signups: the stats, the list filtered by status, "Export CSV", and
 * "Promote" for a waitlisted signup (with a warning first when the activity is full,
 * because promoting then overbooks it).
 */
import { useState } from "react";

import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { QueryState } from "@/components/QueryState";
import { formatTimestamp } from "@/utils/dates";

import { useExportCsv, usePromote, useSignups, type ManagedSignup, type SignupStatus } from "../api/activities";

const FILTERS: [SignupStatus | null, string][] = [
  [null, "Active (confirmed and waitlisted)"],
  ["confirmed", "Confirmed"],
  ["waitlisted", "Waitlisted"],
  ["cancelled", "Cancelled"],
];

export function SignupsDashboard({ slug, activitySlug }: { slug: string; activitySlug: string }) {
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
    <QueryState query={query} loadingLabel="Loading the signups…">
      {(data) => {
        const full = data.spots_remaining !== null && data.spots_remaining <= 0;
        return (
          <>
            <dl className="stats" aria-label="Signup statistics">
              <div><dt>Confirmed</dt><dd>{data.stats.confirmed}</dd></div>
              <div><dt>Waitlisted</dt><dd>{data.stats.waitlisted}</dd></div>
              <div><dt>Cancelled</dt><dd>{data.stats.cancelled}</dd></div>
              <div><dt>Places left</dt><dd>{data.spots_remaining ?? "Unlimited"}</dd></div>
            </dl>
            <div className="actions">
              <button type="button" className="button button--secondary" disabled={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
                Export CSV
              </button>
            </div>
            <ErrorMessage error={exportCsv.error} onRetry={() => exportCsv.mutate()} />
            <div className="field field--inline">
              <label htmlFor="signup-filter">Show</label>
              <select id="signup-filter" value={status ?? ""} onChange={(e) => setStatus((e.target.value || null) as SignupStatus | null)}>
                {FILTERS.map(([value, label]) => (
                  <option key={label} value={value ?? ""}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div aria-live="polite">
              {promoted ? (
                <p className={promoted.overbooked ? "notice" : "notice notice--ok"} role="status">
                  {promoted.name} is now confirmed.{promoted.overbooked ? " The activity is now overbooked." : ""}
                </p>
              ) : null}
            </div>
            <ErrorMessage error={promote.error} />
            {data.signups.length === 0 ? (
              <p>No signups to show.</p>
            ) : (
              <div className="table-wrap">
                <table aria-label="Signups">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">E-mail</th>
                      <th scope="col">Status</th>
                      <th scope="col">Place on the waitlist</th>
                      <th scope="col">Note</th>
                      <th scope="col">Signed up</th>
                      <th scope="col"><span className="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.signups.map((signup) => (
                      <tr key={signup.id}>
                        <td>{signup.user.name || signup.user.sub}</td>
                        <td>{signup.user.email}</td>
                        <td>{signup.status === "waitlisted" ? <span className="badge badge--warn">Waitlisted</span> : signup.status === "confirmed" ? <span className="badge badge--ok">Confirmed</span> : <span className="badge badge--muted">Cancelled</span>}</td>
                        <td>{signup.waitlist_position ?? "—"}</td>
                        <td>{signup.note || "—"}</td>
                        <td>{formatTimestamp(signup.created_at)}</td>
                        <td>
                          {signup.status === "waitlisted" ? (
                            <button
                              type="button"
                              className="button button--secondary"
                              aria-label={`Promote ${signup.user.name || signup.user.email}`}
                              disabled={promote.isPending}
                              onClick={() => (full ? setPending(signup) : doPromote(signup))}
                            >
                              Promote
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
              title="This activity is full"
              confirmLabel="Promote anyway"
              busy={promote.isPending}
              onConfirm={() => pending && doPromote(pending)}
              onCancel={() => setPending(null)}
            >
              <p>
                All places are taken. Promoting {pending?.user.name || pending?.user.email} overbooks the activity by one place.
              </p>
            </ConfirmDialog>
          </>
        );
      }}
    </QueryState>
  );
}
