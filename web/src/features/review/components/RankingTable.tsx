/**
 * The committee's ranking: every grant with at least one score, ranked by the calibrated score
 * (then the mean, then application time), filterable by status and sortable, with the
 * distribution of mean scores as a small chart.
 */
import { useState } from "react";
import { Link } from "react-router";

import { BarChart } from "@/components/BarChart";
import { Money } from "@/components/Money";
import { QueryState } from "@/components/QueryState";
import { displayName } from "@/utils/people";
import { useT, type MessageId } from "@/lib/i18n";

import type { GrantStatus } from "../api/grants";
import { scoreDistribution, useRanking, type RankingRow } from "../api/scoring";
import { STATUSES, statusWords } from "../api/statuses";
import { StatusBadge } from "./StatusBadge";
import { tableRegion } from "@/components/tableRegion";

export type RankingSort = "rank" | "mean" | "count" | "requested";

const SORT_LABELS: Record<RankingSort, MessageId> = { rank: "ranking.rank", mean: "ranking.mean", count: "ranking.scores", requested: "ranking.requested" };

export function sortRanking(rows: readonly RankingRow[], sort: RankingSort): RankingRow[] {
  const value = (row: RankingRow): number => {
    if (sort === "mean") return -Number(row.scores.mean ?? 0);
    if (sort === "count") return -row.scores.count;
    if (sort === "requested") return -Number(row.requested_amount);
    return row.rank;
  };
  return [...rows].sort((a, b) => value(a) - value(b) || a.rank - b.rank);
}

const yesNo = (value: boolean | null | undefined): MessageId => (value === null || value === undefined ? "common.unknown" : value ? "common.yes" : "common.no");

export function RankingTable({ slug, scale, grantHref }: { slug: string; scale: number; grantHref: (id: string) => string }) {
  const t = useT();
  const [status, setStatus] = useState<GrantStatus | null>(null);
  const [sort, setSort] = useState<RankingSort>("rank");
  const ranking = useRanking(slug, status);
  return (
    <>
      <p className="notice">
        {t("ranking.calibratedNote")}
      </p>
      <div className="toolbar">
        <label htmlFor="ranking-status">{t("ranking.status")}</label>
        <select
          id="ranking-status"
          value={status ?? ""}
          onChange={(e) => setStatus(e.target.value ? (e.target.value as GrantStatus) : null)}
        >
          <option value="">{t("ranking.allStatuses")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusWords(s)}
            </option>
          ))}
        </select>
      </div>
      <QueryState query={ranking} loadingLabel={t("ranking.loading")}>
        {({ ranking: rows }) =>
          rows.length === 0 ? (
            <p>{t("ranking.none")}</p>
          ) : (
            <>
              <div className="narrow-chart">
              <BarChart
                title={t("ranking.distribution")}
                rows={scoreDistribution(rows, scale).map((d) => ({
                  label: t("ranking.meanAbout", { value: d.value }),
                  segments: [{ label: t("console.area.grants"), value: d.count, tone: "brand" as const }],
                }))}
              />
              </div>
              <div {...tableRegion({ label: t("console.area.ranking") })}>
                <table>
                  <caption className="visually-hidden">{t("console.area.ranking")}</caption>
                  <thead>
                    <tr>
                      {(["rank"] as const).map((key) => (
                        <SortHeader key={key} column={key} sort={sort} onSort={setSort} />
                      ))}
                      <th scope="col">{t("ranking.applicant")}</th>
                      <th scope="col">{t("ranking.calibrated")}</th>
                      <SortHeader column="mean" sort={sort} onSort={setSort} />
                      <SortHeader column="count" sort={sort} onSort={setSort} />
                      <SortHeader column="requested" sort={sort} onSort={setSort} />
                      <th scope="col">{t("ranking.status")}</th>
                      <th scope="col">{t("ranking.firstTime")}</th>
                      <th scope="col">{t("ranking.international")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sortRanking(rows, sort).map((row) => (
                      <tr key={row.grant_id}>
                        <td>{row.rank}</td>
                        <td>
                          <Link to={grantHref(row.grant_id)}>{displayName(row.user)}</Link>
                        </td>
                        <td>{row.scores.calibrated}</td>
                        <td>{row.scores.mean}</td>
                        <td>{row.scores.count}</td>
                        <td>
                          <Money value={row.requested_amount} />
                        </td>
                        <td>
                          <StatusBadge status={row.status} />
                        </td>
                        <td>{t(yesNo(row.first_time))}</td>
                        <td>{t(yesNo(row.international))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </QueryState>
    </>
  );
}

function SortHeader({ column, sort, onSort }: { column: RankingSort; sort: RankingSort; onSort: (s: RankingSort) => void }) {
  const t = useT();
  return (
    <th scope="col" aria-sort={sort === column ? (column === "rank" ? "ascending" : "descending") : "none"}>
      <button type="button" className="link-button" onClick={() => onSort(column)}>
        {t(SORT_LABELS[column])}
      </button>
    </th>
  );
}
