/** The committee's report: counts and money by status, type, first time, international and country; the CSV. */
import { BarChart } from "@/components/BarChart";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Money } from "@/components/Money";
import { QueryState } from "@/components/QueryState";

import { useDownloadGrantsCsv, useReport, type ReportRow } from "../api/scoring";

type GroupKey = "by_status" | "by_application_type" | "by_first_time" | "by_international" | "by_country";

const GROUPS: { key: GroupKey; title: string }[] = [
  { key: "by_status", title: "By status" },
  { key: "by_application_type", title: "By application type" },
  { key: "by_first_time", title: "By first time" },
  { key: "by_international", title: "By international" },
  { key: "by_country", title: "By country" },
];

export function GrantReport({ slug }: { slug: string }) {
  const report = useReport(slug);
  const csv = useDownloadGrantsCsv(slug);
  return (
    <>
      <p>
        <button type="button" className="button" disabled={csv.isPending} onClick={() => csv.mutate()}>
          Download CSV
        </button>
      </p>
      {csv.isError ? <ErrorMessage error={csv.error} /> : null}
      <QueryState query={report} loadingLabel="Counting the grants…">
        {(data) => (
          <>
            <p>
              {data.total.count} grants; requested <Money value={data.total.requested} />, approved{" "}
              <Money value={data.total.approved} />, disbursed <Money value={data.total.disbursed} />.
            </p>
            {GROUPS.map((group) => (
              <ReportGroup key={group.key} title={group.title} rows={data[group.key]} />
            ))}
          </>
        )}
      </QueryState>
    </>
  );
}

function ReportGroup({ title, rows }: { title: string; rows: ReportRow[] }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <div className="narrow-chart">
      <BarChart
        title={`${title}: number of grants`}
        rows={rows.slice(0, 12).map((row) => ({ label: row.key, segments: [{ label: "Grants", value: row.count, tone: "brand" as const }] }))}
      />
      </div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Grants</th>
              <th scope="col">Requested</th>
              <th scope="col">Approved</th>
              <th scope="col">Disbursed</th>
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
