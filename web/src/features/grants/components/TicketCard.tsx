/** The applicant's conference ticket: what state the pretix voucher is in and how to redeem it. */
import type { Grant } from "../api/grants";
import { useT, type MessageId } from "@/lib/i18n";

type Ticket = NonNullable<Grant["ticket"]>;

const WORDS: Record<Ticket["status"], MessageId> = {
  pending: "ticket.pending",
  issued: "ticket.issued",
  failed: "ticket.failed",
  revoked: "ticket.revoked",
  redeemed: "ticket.redeemed",
};

export function TicketCard({ ticket }: { ticket: Ticket }) {
  const t = useT();
  return (
    <section aria-labelledby="ticket-title" className="card">
      <h2 id="ticket-title">{t("ticket.title")}</h2>
      <p>{t(WORDS[ticket.status])}</p>
      {ticket.voucher_code ? (
        <p>
          {t("ticket.voucher")} <code>{ticket.voucher_code}</code>
        </p>
      ) : null}
      {ticket.status === "issued" && ticket.shop_url ? (
        <p>
          <a className="button" href={ticket.shop_url} target="_blank" rel="noreferrer noopener">
            {t("ticket.shop")}
          </a>
        </p>
      ) : null}
    </section>
  );
}
