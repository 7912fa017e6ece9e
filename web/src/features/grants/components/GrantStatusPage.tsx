/** The applicant's status page: plain-words status and what's next, amounts, messages, actions. */
import { Link } from "react-router";

import { Money } from "@/components/Money";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { formatDeadline, formatTimestamp } from "@/utils/dates";

import { useGrant, type Grant } from "../api/grants";
import { GrantActions } from "./GrantActions";
import { STATUS_WORDS } from "./labels";
import { Messages } from "./Messages";

export function GrantStatusPage({ slug, maxAmount, timeZone = "UTC" }: { slug: string; maxAmount: string; timeZone?: string }) {
  const query = useGrant(slug);
  return (
    <QueryState query={query} loadingLabel="Loading your application…">
      {(grant) =>
        grant ? <Status slug={slug} grant={grant} timeZone={timeZone} /> : <NotApplied slug={slug} maxAmount={maxAmount} />
      }
    </QueryState>
  );
}

function NotApplied({ slug, maxAmount }: { slug: string; maxAmount: string }) {
  return (
    <>
      <PageTitle>Travel grant</PageTitle>
      <p>
        You have not applied yet. A travel grant can cover your conference ticket, and your travel up to{" "}
        <Money value={maxAmount} />.
      </p>
      <p>
        <Link className="button" to={`/c/${slug}/grant/apply`}>
          Apply for a travel grant
        </Link>
      </p>
    </>
  );
}

function text(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

function Status({ slug, grant, timeZone }: { slug: string; grant: Grant; timeZone: string }) {
  const words = STATUS_WORDS[grant.status];
  const disbursed = text(grant.disbursed_amount);
  const disbursedAt = text(grant.disbursed_at);
  const respondBy = text(grant.respond_by);
  return (
    <>
      <PageTitle>Your travel grant</PageTitle>
      <section aria-labelledby="status-title" className="card">
        <h2 id="status-title">Status: {words.title}</h2>
        {grant.status === "offered" && respondBy ? (
          <p className="notice">
            <strong>Respond by {formatDeadline(respondBy, timeZone)}.</strong> After that day the offer expires and its
            money goes to someone else.
          </p>
        ) : null}
        {grant.status === "expired" && respondBy ? <p>The offer was open until {formatDeadline(respondBy, timeZone)}.</p> : null}
        <p>{words.next}</p>
      </section>
      <h2>Amounts</h2>
      <dl className="facts">
        <dt>You asked for</dt>
        <dd>{grant.request_type === "ticket_only" ? "A conference ticket" : "A ticket and a travel grant"}</dd>
        {grant.request_type === "ticket_and_grant" ? (
          <>
            <dt>Travel plans total</dt>
            <dd>
              <Money value={grant.travel_plans_total} />
            </dd>
            <dt>Amount requested</dt>
            <dd>
              <Money value={grant.requested_amount} />
            </dd>
          </>
        ) : null}
        {grant.approved_amount !== null ? (
          <>
            <dt>Amount offered</dt>
            <dd>
              <Money value={grant.approved_amount} />
            </dd>
          </>
        ) : null}
        {disbursed ? (
          <>
            <dt>Amount paid</dt>
            <dd>
              <Money value={disbursed} />
              {disbursedAt ? ` on ${formatTimestamp(disbursedAt)}` : ""}
            </dd>
          </>
        ) : null}
        {grant.promo_code ? (
          <>
            <dt>Ticket promo code</dt>
            <dd>
              <code>{grant.promo_code}</code>
            </dd>
          </>
        ) : null}
        <dt>Applied</dt>
        <dd>{formatTimestamp(grant.created_at)}</dd>
      </dl>
      <GrantActions slug={slug} grant={grant} />
      <Messages slug={slug} grant={grant} />
    </>
  );
}
