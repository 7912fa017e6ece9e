/** The applicant's conference ticket: what state the pretix voucher is in and how to redeem it. */
import type { Grant } from "../api/grants";

type Ticket = NonNullable<Grant["ticket"]>;

const WORDS: Record<Ticket["status"], string> = {
  pending: "We are creating your ticket voucher. It appears here (and in an e-mail) within minutes.",
  issued: "Your ticket voucher is ready: redeem it in the ticket shop to get your ticket at no cost.",
  failed: "We could not create your ticket voucher yet. We will try again; you do not need to do anything.",
  revoked: "Your ticket voucher was cancelled because your grant is no longer accepted.",
  redeemed: "You have redeemed your ticket voucher. See you at the conference!",
};

export function TicketCard({ ticket }: { ticket: Ticket }) {
  return (
    <section aria-labelledby="ticket-title" className="card">
      <h2 id="ticket-title">Your conference ticket</h2>
      <p>{WORDS[ticket.status]}</p>
      {ticket.voucher_code ? (
        <p>
          Voucher code: <code>{ticket.voucher_code}</code>
        </p>
      ) : null}
      {ticket.status === "issued" && ticket.shop_url ? (
        <p>
          <a className="button" href={ticket.shop_url} target="_blank" rel="noreferrer noopener">
            Get your ticket in the shop
          </a>
        </p>
      ) : null}
    </section>
  );
}
