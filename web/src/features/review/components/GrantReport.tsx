/** The committee's report: counts and money by status, type, first time, international and country; the CSV. */
import { BarChart } from "@/components/BarChart";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Money } from "@/components/Money";
import { QueryState } from "@/components/QueryState";
import { useRich, useT, type MessageId } from "@/lib/i18n";

import { useDownloadGrantsCsv, useReport, type ReportRow } from "../api/scoring";
import { tableRegion } from "@/components/tableRegion";

type GroupKey = "by_status" | "by_application_type" | "by_first_time" | "by_international" | "by_country";

const GROUPS: { key: GroupKey; title: MessageId }[] = [
  { key: "by_status", title: "report.byStatus" },
  { key: "by_application_type", title: "report.byType" },
  { key: "by_first_time", title: "report.byFirstTime" },
  { key: "by_international", title: "report.byInternational" },
  { key: "by_country", title: "report.byCountry" },
];

export function GrantReport({ slug }: { slug: string }) {
  const t = useT();
  const rich = useRich();
  const report = useReport(slug);
  const csv = useDownloadGrantsCsv(slug);
  return (
    <>
      <p>
        <button type="button" className="button" disabled={csv.isPending} onClick={() => csv.mutate()}>
          {t("report.csv")}
        </button>
      </p>
      {csv.isError ? <ErrorMessage error={csv.error} /> : null}
      <QueryState query={report} loadingLabel={t("report.loading")}>
        {(data) => (
          <>
            <p>
              {rich("report.total", {
                count: data.total.count,
                requested: <Money value={data.total.requested} />,
                approved: <Money value={data.total.approved} />,
                disbursed: <Money value={data.total.disbursed} />,
              })}
            </p>
            {GROUPS.map((group) => (
              <ReportGroup key={group.key} title={t(group.title)} rows={data[group.key]} />
            ))}
          </>
        )}
      </QueryState>
    </>
  );
}

function ReportGroup({ title, rows }: { title: string; rows: ReportRow[] }) {
  const t = useT();
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <div className="narrow-chart">
      <BarChart
        title={t("report.chartTitle", { title })}
        rows={rows.slice(0, 12).map((row) => ({ label: row.key, segments: [{ label: t("console.area.grants"), value: row.count, tone: "brand" as const }] }))}
      />
      </div>
      <div {...tableRegion({ label: title })}>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("report.group")}</th>
              <th scope="col">{t("console.area.grants")}</th>
              <th scope="col">{t("ranking.requested")}</th>
              <th scope="col">{t("report.approved")}</th>
              <th scope="col">{t("report.disbursed")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>{row.key.replace(/_/g, " ")}</td>
                <td>{row.count}</td>
                <td><Money value={row.requested} /></td>
                <td><Money value={row.approved} /></td>
                <td><Money value={row.disbursed} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
