/**
 * The list page's charts, all drawn from the O(1) `stats` and `budget` of the list answer
 * (they cover the whole conference, not the loaded page).
 */
import { BarChart, type Tone } from "@/components/BarChart";
import { useT } from "@/lib/i18n";
import { formatCents, formatMoney, toCents } from "@/utils/money";

import type { GrantListPage } from "../api/grants";
import { STATUSES, statusTone, statusWords } from "../api/statuses";

const TONE: Record<ReturnType<typeof statusTone>, Tone> = { ok: "ok", warn: "warn", danger: "danger", muted: "muted" };

const cents = (value: string | null | undefined) => toCents(value ?? "0") ?? 0;
/** `part` as a percentage of `whole`, to one decimal (the message adds the % sign). */
const share = (part: string, whole: string) => (cents(whole) ? Math.round((cents(part) / cents(whole)) * 1000) / 10 : 0);

export function GrantCharts({ stats, budget }: Pick<GrantListPage, "stats" | "budget">) {
  const t = useT();
  return (
    <section aria-labelledby="charts-title" className="charts">
      <h2 id="charts-title">{t("grantCharts.title")}</h2>
      <div className="charts__grid">
        <BarChart
          title={t("grantCharts.byStatus", { total: stats.total })}
          rows={STATUSES.map((status) => ({
            label: statusWords(status),
            segments: [{ label: t("grantCharts.applications"), value: stats[status], tone: TONE[statusTone(status)] }],
          }))}
        />
        {budget ? (
          <BarChart
            title={t("grantCharts.budgetTitle", { budget: formatMoney(budget.budget), share: share(budget.committed, budget.budget) })}
            format={formatCents}
            max={Math.max(cents(budget.budget), cents(budget.limit))}
            rows={[
              {
                label: t("grantCharts.budget"),
                // The bar's end says the share in words: a sliver of colour is easy to miss.
                valueText: t("grantCharts.committedShare", { share: share(budget.committed, budget.budget) }),
                segments: [
                  { label: t("grantCharts.disbursed"), value: cents(budget.disbursed), tone: "ok" },
                  // committed includes what is already disbursed: draw only the rest of it.
                  { label: t("grantCharts.committedUnpaid"), value: Math.max(cents(budget.committed) - cents(budget.disbursed), 0), tone: "brand" },
                  { label: t("grantCharts.remaining"), value: Math.max(cents(budget.remaining), 0), tone: "muted" },
                ],
              },
              ...(cents(budget.limit) > cents(budget.budget)
                ? [{ label: t("grantCharts.limit"), segments: [{ label: t("grantCharts.mayCommit"), value: cents(budget.limit), tone: "warn" as Tone }] }]
                : []),
            ]}
            caption={t("grantCharts.caption", {
              committed: formatMoney(budget.committed),
              disbursed: formatMoney(budget.disbursed),
              remaining: formatMoney(budget.remaining),
              limit: formatMoney(budget.limit),
              over: String(cents(budget.limit) > cents(budget.budget)),
            })}
          />
        ) : (
          <p className="muted">{t("grantCharts.noBudget")}</p>
        )}
        <BarChart
          title={t("grantCharts.totals")}
          format={formatCents}
          rows={[
            { label: t("grantCharts.requested"), segments: [{ label: t("grantCharts.amount"), value: cents(stats.total_requested), tone: "info" }] },
            { label: t("grantCharts.approved"), segments: [{ label: t("grantCharts.amount"), value: cents(stats.total_approved), tone: "brand" }] },
            { label: t("grantCharts.disbursed"), segments: [{ label: t("grantCharts.amount"), value: cents(stats.total_disbursed), tone: "ok" }] },
          ]}
        />
      </div>
    </section>
  );
}
