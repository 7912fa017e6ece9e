/** The applicant's status page: plain-words status and what's next, amounts, messages, actions. */
import { useState } from "react";
import { Link } from "react-router";

import { Money } from "@/components/Money";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { formatDeadline, formatTimestamp } from "@/utils/dates";
import { useRich, useT } from "@/lib/i18n";

import { useGrant, type Grant } from "../api/grants";
import { GrantActions } from "./GrantActions";
import { statusWords } from "./labels";
import { Messages } from "./Messages";
import { TicketCard } from "./TicketCard";

/**
 * `notice`: what the page arrived with ("Your application is sent."): it describes the grant as it was then.
 * `timeZone`: the conference's, for the offer's "Respond by" day.
 */
export function GrantStatusPage({ slug, maxAmount, notice, open = true, timeZone = "UTC" }: {
  slug: string; maxAmount: string; notice?: string | undefined; open?: boolean; timeZone?: string;
}) {
  const t = useT();
  // Closed: the API answers nothing about grants, so the page does not ask.
  const query = useGrant(slug, open);
  if (!open) return <Closed />;
  return (
    <QueryState query={query} loadingLabel={t("grant.loading")}>
      {(grant) =>
        grant ? (
          <Status slug={slug} grant={grant} notice={notice} timeZone={timeZone} />
        ) : (
          <NotApplied slug={slug} maxAmount={maxAmount} />
        )
      }
    </QueryState>
  );
}

function Closed() {
  const t = useT();
  return (
    <>
      <PageTitle>{t("header.travelGrant")}</PageTitle>
      <p>{t("grant.closed")}</p>
      <p>{t("grant.closedKept")}</p>
    </>
  );
}

function NotApplied({ slug, maxAmount }: { slug: string; maxAmount: string }) {
  const t = useT();
  const rich = useRich();
  return (
    <>
      <PageTitle>{t("header.travelGrant")}</PageTitle>
      <p>{rich("grant.notApplied", { amount: <Money value={maxAmount} /> })}</p>
      <p>
        <Link className="button" to={`/c/${slug}/grant/apply`}>
          {t("grantApply.title")}
        </Link>
      </p>
    </>
  );
}

function text(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

function Status({ slug, grant, notice, timeZone }: {
  slug: string; grant: Grant; notice?: string | undefined; timeZone: string;
}) {
  const t = useT();
  const rich = useRich();
  const words = statusWords(grant.status);
  // The arrival notice belongs to that moment: once the grant changes (withdrawn, reviewed...), it goes.
  const [arrivedAt] = useState(grant.updated_at);
  const current = notice && grant.updated_at === arrivedAt ? notice : null;
  const disbursed = text(grant.disbursed_amount);
  const disbursedAt = text(grant.disbursed_at);
  const respondBy = text(grant.respond_by);
  return (
    <>
      <PageTitle>{t("grant.title")}</PageTitle>
      <div role="status" aria-live="polite">
        {current ? <p className="notice notice--ok">{current}</p> : null}
      </div>
      <section aria-labelledby="status-title" className="card">
        <h2 id="status-title">{t("grant.statusHeading", { status: t(words.title) })}</h2>
        {grant.status === "offered" && respondBy ? (
          <p className="notice">
            {rich("grant.respondBy", { day: formatDeadline(respondBy, timeZone), strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
        ) : null}
        {grant.status === "expired" && respondBy ? <p>{t("grant.openUntil", { day: formatDeadline(respondBy, timeZone) })}</p> : null}
        <p>{t(words.next)}</p>
      </section>
      {grant.ticket ? <TicketCard ticket={grant.ticket} /> : null}
      <h2>{t("grant.amounts")}</h2>
      <dl className="facts">
        <dt>{t("grant.askedFor")}</dt>
        <dd>{grant.request_type === "ticket_only" ? t("grant.ticketOnly") : t("grant.ticketAndGrant")}</dd>
        {grant.request_type === "ticket_and_grant" ? (
          <>
            <dt>{t("grant.travelTotal")}</dt>
            <dd>
              <Money value={grant.travel_plans_total} />
            </dd>
            <dt>{t("grant.requested")}</dt>
            <dd>
              <Money value={grant.requested_amount} />
            </dd>
          </>
        ) : null}
        {grant.approved_amount !== null ? (
          <>
            <dt>{t("grant.offered")}</dt>
            <dd>
              <Money value={grant.approved_amount} />
            </dd>
          </>
        ) : null}
        {disbursed ? (
          <>
            <dt>{t("grant.paid")}</dt>
            <dd>
              <Money value={disbursed} />
              {disbursedAt ? ` ${t("grant.paidOn", { when: formatTimestamp(disbursedAt) })}` : ""}
            </dd>
          </>
        ) : null}
        {grant.promo_code ? (
          <>
            <dt>{t("grant.promoCode")}</dt>
            <dd>
              <code>{grant.promo_code}</code>
            </dd>
          </>
        ) : null}
        <dt>{t("grant.applied")}</dt>
        <dd>{formatTimestamp(grant.created_at)}</dd>
      </dl>
      <GrantActions slug={slug} grant={grant} />
      <Messages slug={slug} grant={grant} />
    </>
  );
}
