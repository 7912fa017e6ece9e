/**
 * The reviewers' grant list: a status filter bar with the conference-wide counts, the charts,
 * a sortable table of the loaded grants and "Load more" through `next_token`.
 *
 * The API returns grants newest first and has no sort option, so sorting applies to the
 * grants loaded so far (the page says how many); "Load more" fetches the next page.
 */
import { useMemo, useState } from "react";
import { Link } from "react-router";

import { ErrorMessage } from "@/components/ErrorMessage";
import { Money } from "@/components/Money";
import { Spinner } from "@/components/Spinner";
import { formatDeadlineShort, formatTimestamp } from "@/utils/dates";
import { toCents } from "@/utils/money";
import { displayName } from "@/utils/people";
import { translate, useT, type MessageId } from "@/lib/i18n";

import { useGrantList, type GrantListItem, type GrantStatus } from "../api/grants";
import { STATUSES, statusWords } from "../api/statuses";
import { GrantCharts } from "./GrantCharts";
import { StatusBadge } from "./StatusBadge";
import { TICKET_WORDS } from "./TicketFacts";
import { tableRegion } from "@/components/tableRegion";

export type GrantSort = "newest" | "oldest" | "requested_desc" | "requested_asc" | "deadline";

const SORTS: Record<GrantSort, MessageId> = {
  newest: "grantList.sort.newest",
  oldest: "grantList.sort.oldest",
  requested_desc: "grantList.sort.requested_desc",
  requested_asc: "grantList.sort.requested_asc",
  deadline: "grantList.sort.deadline",
};

type Props = {
  slug: string;
  status: GrantStatus | null;
  sort: GrantSort;
  onStatus: (status: GrantStatus | null) => void;
  onSort: (sort: GrantSort) => void;
  grantHref: (grantId: string) => string;
  /** The conference's timezone: a deadline is the end of a day there. */
  timeZone?: string;
};

export function GrantList({ slug, status, sort, onStatus, onSort, grantHref, timeZone = "UTC" }: Props) {
  const t = useT();
  const [onlyTicketOwed, setOnlyTicketOwed] = useState(false);
  const list = useGrantList(slug, status, onlyTicketOwed);
  const [firstPage] = list.data?.pages ?? [];
  const grants = useMemo(() => sortGrants(list.data?.pages.flatMap((p) => p.grants) ?? [], sort), [list.data, sort]);
  if (list.isPending) return <Spinner label={t("grantList.loading")} />;
  if (!list.data) return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  const stats = firstPage?.stats;
  return (
    <>
      {stats ? (
        <nav aria-label={t("grantList.filter")} className="filter-bar">
          <FilterButton current={status} value={null} label={t("grantList.all")} count={stats.total} onStatus={onStatus} />
          {STATUSES.map((s) => (
            <FilterButton key={s} current={status} value={s} label={statusWords(s)} count={stats[s]} onStatus={onStatus} />
          ))}
        </nav>
      ) : null}
      {firstPage ? <GrantCharts stats={firstPage.stats} budget={firstPage.budget} /> : null}
      <h2 id="grants-title">{status ? t("grantList.titleStatus", { status: statusWords(status) }) : t("grantList.titleAll")}</h2>
      <div className="field field--inline">
        <label htmlFor="grant-sort">{t("grantList.sortBy")}</label>
        <select id="grant-sort" value={sort} onChange={(e) => onSort(e.target.value as GrantSort)}>
          {(Object.entries(SORTS) as [GrantSort, MessageId][]).map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <input id="ticket-owed" type="checkbox" checked={onlyTicketOwed} onChange={(e) => setOnlyTicketOwed(e.target.checked)} />
        <label htmlFor="ticket-owed">{t("grantList.ticketOwed")}</label>
      </div>
      {grants.length === 0 ? (
        <p>
          {t("grantList.none", {
            hasStatus: String(Boolean(status)),
            status: status ? statusWords(status) : "",
            owed: String(onlyTicketOwed),
          })}
        </p>
      ) : (
        <div {...tableRegion({ labelledBy: "grants-title" })}>
          <table aria-labelledby="grants-title">
            <thead>
              <tr>
                <th scope="col">{t("grantList.col.applicant")}</th>
                <th scope="col">{t("grantList.col.status")}</th>
                <th scope="col">{t("grantList.col.type")}</th>
                <th scope="col">{t("grantList.col.requested")}</th>
                <th scope="col">{t("grantList.col.approved")}</th>
                <th scope="col">{t("grantList.col.respondBy")}</th>
                <th scope="col">{t("grantList.col.receipts")}</th>
                <th scope="col">{t("grantList.col.ticket")}</th>
                <th scope="col">{t("grantList.col.applied")}</th>
              </tr>
            </thead>
            <tbody>
              {grants.map((grant) => (
                <tr key={grant.id}>
                  <td>
                    <Link to={grantHref(grant.id)}>{displayName(grant.user)}</Link>
                  </td>
                  <td>
                    <StatusBadge status={grant.status} />
                  </td>
                  <td>{t(grant.request_type === "ticket_only" ? "grantList.ticketOnly" : "grantList.ticketAndGrant")}</td>
                  <td>
                    <Money value={grant.requested_amount} />
                  </td>
                  <td>
                    <Money value={grant.approved_amount} />
                  </td>
                  <td>{grant.respond_by && (grant.status === "offered" || grant.status === "expired") ? formatDeadlineShort(grant.respond_by, timeZone) : "—"}</td>
                  <td>{grant.receipt_count}</td>
                  <td>{grant.ticket_status ? translate(TICKET_WORDS[grant.ticket_status]) : "—"}</td>
                  <td>{formatTimestamp(grant.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted" aria-live="polite">
        {t("grantList.showing", { count: grants.length, more: String(list.hasNextPage) })}
      </p>
      {list.error ? <ErrorMessage error={list.error} onRetry={() => void list.fetchNextPage()} /> : null}
      {list.hasNextPage ? (
        <button type="button" className="button button--secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t(list.isFetchingNextPage ? "grantList.loadingMore" : "grantList.loadMore")}
        </button>
      ) : null}
    </>
  );
}

function FilterButton({
  current, value, label, count, onStatus,
}: { current: GrantStatus | null; value: GrantStatus | null; label: string; count: number; onStatus: (s: GrantStatus | null) => void }) {
  return (
    <button
      type="button"
      className={current === value ? "filter-bar__item filter-bar__item--current" : "filter-bar__item"}
      aria-pressed={current === value}
      onClick={() => onStatus(value)}
    >
      {label} <span className="filter-bar__count">{count}</span>
    </button>
  );
}

export function sortGrants(grants: GrantListItem[], sort: GrantSort): GrantListItem[] {
  const byDate = (a: GrantListItem, b: GrantListItem) => a.created_at.localeCompare(b.created_at);
  const byAmount = (a: GrantListItem, b: GrantListItem) => (toCents(a.requested_amount) ?? 0) - (toCents(b.requested_amount) ?? 0);
  const sorted = [...grants];
  if (sort === "newest") sorted.sort((a, b) => byDate(b, a));
  if (sort === "oldest") sorted.sort(byDate);
  if (sort === "requested_desc") sorted.sort((a, b) => byAmount(b, a) || byDate(b, a));
  if (sort === "requested_asc") sorted.sort((a, b) => byAmount(a, b) || byDate(b, a));
  // Open offers by deadline first; grants without one after them, newest first.
  const byDeadline = (a: GrantListItem, b: GrantListItem) =>
    a.respond_by && b.respond_by ? a.respond_by.localeCompare(b.respond_by) : Number(!a.respond_by) - Number(!b.respond_by);
  if (sort === "deadline") sorted.sort((a, b) => byDeadline(a, b) || byDate(b, a));
  return sorted;
}
