/** The grant's conference ticket (a pretix voucher) for reviewers, with "Retry" while it is owed. */
import { ErrorMessage } from "@/components/ErrorMessage";

import { ticketNotIssued, useRetryTicket, type GrantDetail, type TicketStatus } from "../api/grants";

export const TICKET_WORDS: Record<TicketStatus, string> = {
  pending: "Being issued",
  issued: "Issued",
  failed: "Failed",
  revoked: "Revoked",
  redeemed: "Redeemed",
};

export function TicketFacts({ slug, grant, canRetry }: { slug: string; grant: GrantDetail; canRetry: boolean }) {
  const retry = useRetryTicket(slug, grant.id);
  const ticket = grant.ticket;
  if (!ticket) return null;
  return (
    <section aria-labelledby="ticket-facts-title">
      <h2 id="ticket-facts-title">Ticket</h2>
      <dl className="facts">
        <dt>Voucher</dt>
        <dd>
          {TICKET_WORDS[ticket.status]}
          {ticket.voucher_code ? (
            <>
              {" "}
              <code>{ticket.voucher_code}</code>
            </>
          ) : null}
        </dd>
        {ticket.shop_url ? (
          <>
            <dt>Shop link</dt>
            <dd>
              <a href={ticket.shop_url} target="_blank" rel="noreferrer noopener">
                {ticket.shop_url}
              </a>
            </dd>
          </>
        ) : null}
        {ticket.error ? (
          <>
            <dt>pretix answered</dt>
            <dd>{ticket.error}</dd>
          </>
        ) : null}
      </dl>
      {canRetry && ticketNotIssued(ticket.status) ? (
        <button type="button" className="button button--secondary" disabled={retry.isPending} onClick={() => retry.mutate()}>
          {retry.isPending ? "Asking pretix…" : "Retry the ticket now"}
        </button>
      ) : null}
      {retry.error ? <ErrorMessage error={retry.error} /> : null}
    </section>
  );
}
