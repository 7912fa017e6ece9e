/**
 * The committee's allocation page: a budget (default: what remains), an expected decline
 * rate and floors; "Propose" asks the server's optimiser (nothing is written) and shows the
 * funded line on the ranking, the totals against the budget, and "Make these offers", which
 * sends every funded row through bulk review and shows each row's outcome (409/412 explained,
 * with a retry).
 */
import { useState } from "react";
import { Link } from "react-router";

import { BarChart } from "@/components/BarChart";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Field } from "@/components/Field";
import { Money } from "@/components/Money";
import { ApiError } from "@/lib/api/errors";
import { formatMoney, toCents } from "@/utils/money";
import { displayName } from "@/utils/people";
import { translate, useT, type MessageId } from "@/lib/i18n";

import {
  offersFor,
  resultWords,
  useBulkReview,
  useProposeAllocation,
  type Allocation,
  type AllocationBody,
  type BulkResult,
  type BulkReview,
  type FloorBody,
} from "../api/allocation";
import { tableRegion } from "@/components/tableRegion";

type FloorField = "first_time" | "international" | "application_type";
type FloorDraft = { field: FloorField; equals: string; percent: string };

const FIELD_WORDS: Record<FloorField, MessageId> = {
  first_time: "ranking.firstTime",
  international: "ranking.international",
  application_type: "allocation.applicationType",
};
const APPLICATION_TYPES = ["general", "staff", "speaker", "core_dev", "psf_board", "community", "education", "pyladies", "other"];

function choicesFor(field: FloorField): { value: string; label: string }[] {
  if (field === "application_type") return APPLICATION_TYPES.map((t) => ({ value: t, label: t.replace("_", " ") }));
  return [
    { value: "true", label: translate("common.yes") },
    { value: "false", label: translate("common.no") },
  ];
}

function floorBody(draft: FloorDraft): FloorBody {
  const equals = draft.field === "application_type" ? (draft.equals as FloorBody["equals"]) : draft.equals === "true";
  return { field: draft.field, equals, min_share: (Number(draft.percent || "0") / 100).toFixed(4) };
}

export function AllocationPlanner({ slug, grantHref }: { slug: string; grantHref: (id: string) => string }) {
  const t = useT();
  const [budget, setBudget] = useState("");
  const [declinePercent, setDeclinePercent] = useState("0");
  const [floors, setFloors] = useState<FloorDraft[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [results, setResults] = useState<Record<string, BulkResult>>({});
  const propose = useProposeAllocation(slug);
  const bulk = useBulkReview(slug);
  const proposal = propose.data;
  const fieldErrors = propose.error instanceof ApiError ? propose.error.fields : {};

  const submit = () => {
    setResults({});
    const body: AllocationBody = {
      expected_decline_rate: (Number(declinePercent || "0") / 100).toFixed(4),
      floors: floors.map(floorBody),
    };
    if (budget.trim()) body.budget = budget.trim();
    propose.mutate(body);
  };

  const send = (reviews: BulkReview[]) =>
    bulk.mutate(reviews, {
      onSuccess: (answer) => setResults((old) => ({ ...old, ...Object.fromEntries(answer.results.map((r) => [r.grant_id, r])) })),
    });

  const offers = proposal ? offersFor(proposal.proposal) : [];
  const retryable = offers
    .filter((o) => results[o.grant_id] && resultWords(results[o.grant_id] as BulkResult).retryable)
    .map((o) => (results[o.grant_id]?.status === 412 ? { ...o, version: null } : o));

  return (
    <>
      <form
        className="panel"
        aria-label={t("allocation.settings")}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Field label={t("allocation.budget")} hint={t("allocation.budgetHint")} error={fieldErrors.budget?.[0]}>
          {(props) => <input {...props} inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} placeholder={t("allocation.remains")} />}
        </Field>
        <Field
          label={t("allocation.declineRate")}
          hint={t("allocation.declineRateHint")}
          error={fieldErrors.expected_decline_rate?.[0]}
        >
          {(props) => (
            <input {...props} type="number" min={0} max={90} step={1} value={declinePercent} onChange={(e) => setDeclinePercent(e.target.value)} />
          )}
        </Field>
        <fieldset className="allocation__floors">
          <legend>{t("allocation.floors")}</legend>
          {floors.length === 0 ? <p className="muted">{t("allocation.noFloor")}</p> : null}
          {floors.map((floor, index) => (
            <FloorEditor
              key={index}
              index={index}
              floor={floor}
              error={fieldErrors[`floors[${index}]`]?.[0] ?? fieldErrors[`floors[${index}].equals`]?.[0]}
              onChange={(next) => setFloors(floors.map((f, i) => (i === index ? next : f)))}
              onRemove={() => setFloors(floors.filter((_, i) => i !== index))}
            />
          ))}
          {fieldErrors.floors?.[0] ? <p className="field__error">{fieldErrors.floors[0]}</p> : null}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setFloors([...floors, { field: "first_time", equals: "true", percent: "30" }])}
          >
            {t("allocation.addFloor")}
          </button>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={propose.isPending}>
            {propose.isPending ? t("allocation.proposing") : t("allocation.propose")}
          </button>
        </div>
        {propose.error && !(propose.error instanceof ApiError && propose.error.status === 422) ? (
          <ErrorMessage error={propose.error} onRetry={submit} />
        ) : null}
        {propose.error instanceof ApiError && propose.error.status === 422 ? (
          <p className="field__error" role="alert">
            {Object.values(propose.error.fields).flat().join(" ") || propose.error.message}
          </p>
        ) : null}
      </form>
      {proposal ? (
        <ProposalView
          proposal={proposal}
          grantHref={grantHref}
          results={results}
          offers={offers.length}
          retryable={retryable}
          busy={bulk.isPending}
          onMake={() => setConfirming(true)}
          onRetry={() => send(retryable)}
        />
      ) : null}
      <ErrorMessage error={bulk.error} title={t("allocation.sendFailed")} onRetry={() => send(offers)} />
      <ConfirmDialog
        open={confirming}
        title={t("allocation.confirmTitle")}
        confirmLabel={t("allocation.confirm")}
        busy={bulk.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          send(offers);
        }}
      >
        <p>
          {t("allocation.confirmBody", { count: offers.length, total: formatMoney(proposal?.funded_total) })}
        </p>
      </ConfirmDialog>
    </>
  );
}

function FloorEditor({
  index,
  floor,
  error,
  onChange,
  onRemove,
}: {
  index: number;
  floor: FloorDraft;
  error: string | undefined;
  onChange: (floor: FloorDraft) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const n = index + 1;
  return (
    <div className="allocation__floor" role="group" aria-label={t("allocation.floor", { n })}>
      <Field label={t("allocation.floorWho", { n })}>
        {(props) => (
          <select
            {...props}
            value={floor.field}
            onChange={(e) => {
              const field = e.target.value as FloorField;
              onChange({ ...floor, field, equals: choicesFor(field)[0]?.value ?? "" });
            }}
          >
            {(Object.keys(FIELD_WORDS) as FloorField[]).map((f) => (
              <option key={f} value={f}>
                {t(FIELD_WORDS[f])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("allocation.floorIs", { n })}>
        {(props) => (
          <select {...props} value={floor.equals} onChange={(e) => onChange({ ...floor, equals: e.target.value })}>
            {choicesFor(floor.field).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("allocation.floorShare", { n })} error={error}>
        {(props) => (
          <input {...props} type="number" min={0} max={100} step={1} value={floor.percent} onChange={(e) => onChange({ ...floor, percent: e.target.value })} />
        )}
      </Field>
      <button type="button" className="button button--secondary" onClick={onRemove}>
        {t("allocation.removeFloor", { n })}
      </button>
    </div>
  );
}

function ProposalView({
  proposal,
  grantHref,
  results,
  offers,
  retryable,
  busy,
  onMake,
  onRetry,
}: {
  proposal: Allocation;
  grantHref: (id: string) => string;
  results: Record<string, BulkResult>;
  offers: number;
  retryable: BulkReview[];
  busy: boolean;
  onMake: () => void;
  onRetry: () => void;
}) {
  const t = useT();
  const cents = (value: string) => (toCents(value) ?? 0) / 100;
  const sent = Object.keys(results).length > 0;
  return (
    <section aria-labelledby="proposal-title">
      <h2 id="proposal-title">{t("allocation.proposal")}</h2>
      <p className={proposal.optimal ? "notice notice--ok" : "notice"}>
        {t("allocation.summary", {
          count: proposal.funded_count,
          total: formatMoney(proposal.funded_total),
          capacity: formatMoney(proposal.capacity),
          line: proposal.funded_line ?? "none",
        })}{" "}
        {proposal.optimal ? t("allocation.optimal") : t("allocation.timeLimit")}
      </p>
      <div className="narrow-chart">
        <BarChart
          title={t("allocation.chart")}
          format={(v) => formatMoney(v)}
          rows={[
            { label: t("allocation.budget"), segments: [{ label: t("allocation.budget"), value: cents(proposal.budget), tone: "muted" }] },
            {
              label: t("allocation.mayOffer"),
              segments: [{ label: t("allocation.withDeclines"), value: cents(proposal.capacity), tone: "info" }],
            },
            {
              label: t("allocation.proposed"),
              segments: [{ label: t("allocation.proposedOffers"), value: cents(proposal.funded_total), tone: "ok" }],
              marker: { label: t("allocation.budget"), value: cents(proposal.budget) },
            },
          ]}
        />
      </div>
      {proposal.floors.length ? (
        <ul>
          {proposal.floors.map((f) => (
            <li key={f.label}>
              {t("allocation.floorResult", { floor: f.label.replace(/^the /, "The "), share: pct(f.funded_share), min: pct(f.min_share) })}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="button" className="button" disabled={busy || offers === 0 || sent} onClick={onMake}>
          {t("allocation.make")}
        </button>
        {retryable.length ? (
          <button type="button" className="button button--secondary" disabled={busy} onClick={onRetry}>
            {t("allocation.retry", { count: retryable.length })}
          </button>
        ) : null}
      </div>
      <div {...tableRegion({ label: t("allocation.caption") })}>
        <table className="allocation__table">
          <caption className="visually-hidden">{t("allocation.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("allocation.application")}</th>
              <th scope="col">{t("ranking.mean")}</th>
              <th scope="col">{t("allocation.amount")}</th>
              <th scope="col">{t("allocation.proposal")}</th>
              {sent ? <th scope="col">{t("allocation.offer")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {proposal.proposal.map((row, index) => {
              const result = results[row.grant_id];
              return (
                <tr key={row.grant_id} className={row.funded ? "allocation__row--funded" : undefined}>
                  <td>{index + 1}</td>
                  <td>
                    <Link to={grantHref(row.grant_id)}>{displayName(row.user)}</Link>
                  </td>
                  <td>{row.scores.mean}</td>
                  <td>
                    <Money value={row.amount} />
                  </td>
                  <td>{row.funded ? <strong>{t("allocation.funded")}</strong> : row.reason}</td>
                  {sent ? <td>{result ? <span role={result.status === 200 ? undefined : "status"}>{resultWords(result).text}</span> : "—"}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function pct(share: string): string {
  return `${Math.round(Number(share) * 1000) / 10}%`;
}
