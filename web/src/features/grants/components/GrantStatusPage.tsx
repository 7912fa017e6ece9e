/** The applicant's status page: plain-words status and what's next, amounts, messages, actions. */
import { useState } from "react";
import { Link } from "react-router";

import { Money } from "@/components/Money";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { formatDeadline, formatTimestamp } from "@/utils/dates";

import { useGrant, type Grant } from "../api/grants";
import { GrantActions } from "./GrantActions";
import { STATUS_WORDS } from "./labels";
import { Messages } from "./Messages";
import { TicketCard } from "./TicketCard";

/**
 * `notice`: what the page arrived with ("Your application is sent."): it describes the grant as it was then.
 * `timeZone`: the conference's, for the offer's "Respond by" day.
 */
export function GrantStatusPage({ slug, maxAmount, notice, open = true, timeZone = "UTC" }: {
  slug: string; maxAmount: string; notice?: string | undefined; open?: boolean; timeZone?: string;
}) {
  // Closed: the API answers nothing about grants, so the page does not ask.
  const query = useGrant(slug, open);
  if (!open) return <Closed />;
  return (
    <QueryState query={query} loadingLabel="Loading your application…">
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
  return (
    <>
      <PageTitle>Travel grant</PageTitle>
      <p>
        The travel grant programme of this conference is closed: no one can apply, and applications cannot be
        changed here.
      </p>
      <p>
        If you applied, your application is kept as it is, with its messages, receipts and payment details. The
        travel grants team will write to you by e-mail about it.
      </p>
    </>
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

function Status({ slug, grant, notice, timeZone }: {
  slug: string; grant: Grant; notice?: string | undefined; timeZone: string;
}) {
  const words = STATUS_WORDS[grant.status];
  // The arrival notice belongs to that moment: once the grant changes (withdrawn, reviewed...), it goes.
  const [arrivedAt] = useState(grant.updated_at);
  const current = notice && grant.updated_at === arrivedAt ? notice : null;
  const disbursed = text(grant.disbursed_amount);
  const disbursedAt = text(grant.disbursed_at);
  const respondBy = text(grant.respond_by);
  return (
    <>
      <PageTitle>Your travel grant</PageTitle>
      <div role="status" aria-live="polite">
        {current ? <p className="notice notice--ok">{current}</p> : null}
      </div>
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
      {grant.ticket ? <TicketCard ticket={grant.ticket} /> : null}
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
