/** The grant's conference ticket (a pretix voucher) for reviewers, with "Retry" while it is owed. */
import { ErrorMessage } from "@/components/ErrorMessage";
import { useT, type MessageId } from "@/lib/i18n";

import { ticketNotIssued, useRetryTicket, type GrantDetail, type TicketStatus } from "../api/grants";

export const TICKET_WORDS: Record<TicketStatus, MessageId> = {
  pending: "ticketFacts.pending",
  issued: "ticketFacts.issued",
  failed: "ticketFacts.failed",
  revoked: "ticketFacts.revoked",
  redeemed: "ticketFacts.redeemed",
};

export function TicketFacts({ slug, grant, canRetry }: { slug: string; grant: GrantDetail; canRetry: boolean }) {
  const t = useT();
  const retry = useRetryTicket(slug, grant.id);
  const ticket = grant.ticket;
  if (!ticket) return null;
  return (
    <section aria-labelledby="ticket-facts-title">
      <h2 id="ticket-facts-title">{t("pretix.item")}</h2>
      <dl className="facts">
        <dt>{t("ticketFacts.voucher")}</dt>
        <dd>
          {t(TICKET_WORDS[ticket.status])}
          {ticket.voucher_code ? (
            <>
              {" "}
              <code>{ticket.voucher_code}</code>
            </>
          ) : null}
        </dd>
        {ticket.shop_url ? (
          <>
            <dt>{t("ticketFacts.shop")}</dt>
            <dd>
              <a href={ticket.shop_url} target="_blank" rel="noreferrer noopener">
                {ticket.shop_url}
              </a>
            </dd>
          </>
        ) : null}
        {ticket.error ? (
          <>
            <dt>{t("ticketFacts.error")}</dt>
            <dd>{ticket.error}</dd>
          </>
        ) : null}
      </dl>
      {canRetry && ticketNotIssued(ticket.status) ? (
        <button type="button" className="button button--secondary" disabled={retry.isPending} onClick={() => retry.mutate()}>
          {retry.isPending ? t("ticketFacts.retrying") : t("ticketFacts.retry")}
        </button>
      ) : null}
      {retry.error ? <ErrorMessage error={retry.error} /> : null}
    </section>
  );
}
