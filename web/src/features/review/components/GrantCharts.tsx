/**
 * The list page's charts, all drawn from the O(1) `stats` and `budget` of the list answer
 * (they cover the whole conference, not the loaded page).
 */
import { BarChart, type Tone } from "@/components/BarChart";
import { formatCents, formatMoney, toCents } from "@/utils/money";

import type { GrantListPage } from "../api/grants";
import { STATUSES, statusTone, statusWords } from "../api/statuses";

const TONE: Record<ReturnType<typeof statusTone>, Tone> = { ok: "ok", warn: "warn", danger: "danger", muted: "muted" };

const cents = (value: string | null | undefined) => toCents(value ?? "0") ?? 0;
const share = (part: string, whole: string) =>
  `${cents(whole) ? Math.round((cents(part) / cents(whole)) * 1000) / 10 : 0}%`;

export function GrantCharts({ stats, budget }: Pick<GrantListPage, "stats" | "budget">) {
  return (
    <section aria-labelledby="charts-title" className="charts">
      <h2 id="charts-title">Summary</h2>
      <div className="charts__grid">
        <BarChart
          title={`Applications by status (${stats.total} in all)`}
          rows={STATUSES.map((status) => ({
            label: statusWords(status),
            segments: [{ label: "Applications", value: stats[status], tone: TONE[statusTone(status)] }],
          }))}
        />
        {budget ? (
          <BarChart
            title={`Budget: ${formatMoney(budget.budget)} (${share(budget.committed, budget.budget)} committed)`}
            format={formatCents}
            max={Math.max(cents(budget.budget), cents(budget.limit))}
            rows={[
              {
                label: "Budget",
                // The bar's end says the share in words: a sliver of colour is easy to miss.
                valueText: `${share(budget.committed, budget.budget)} committed`,
                segments: [
                  { label: "Disbursed", value: cents(budget.disbursed), tone: "ok" },
                  // committed includes what is already disbursed: draw only the rest of it.
                  { label: "Committed, not yet paid", value: Math.max(cents(budget.committed) - cents(budget.disbursed), 0), tone: "brand" },
                  { label: "Remaining", value: Math.max(cents(budget.remaining), 0), tone: "muted" },
                ],
              },
              ...(cents(budget.limit) > cents(budget.budget)
                ? [{ label: "Over-commitment limit", segments: [{ label: "Offers may commit up to", value: cents(budget.limit), tone: "warn" as Tone }] }]
                : []),
            ]}
            caption={`Committed ${formatMoney(budget.committed)}, disbursed ${formatMoney(budget.disbursed)}, remaining ${formatMoney(budget.remaining)}${cents(budget.limit) > cents(budget.budget) ? `; offers may commit up to ${formatMoney(budget.limit)} (over-commitment limit)` : ""}.`}
          />
        ) : (
          <p className="muted">No budget is set for this conference (Settings).</p>
        )}
        <BarChart
          title="Requested and approved totals"
          format={formatCents}
          rows={[
            { label: "Requested", segments: [{ label: "Amount", value: cents(stats.total_requested), tone: "info" }] },
            { label: "Approved", segments: [{ label: "Amount", value: cents(stats.total_approved), tone: "brand" }] },
            { label: "Disbursed", segments: [{ label: "Amount", value: cents(stats.total_disbursed), tone: "ok" }] },
          ]}
        />
      </div>
    </section>
  );
}
