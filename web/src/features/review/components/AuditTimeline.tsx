/** The grant's audit trail as a timeline: who did what, when, and what changed. */
import { formatTimestamp } from "@/utils/dates";
import { formatCents } from "@/utils/money";
import { actorName } from "@/utils/people";

import type { GrantDetail } from "../api/grants";
import { statusWords } from "../api/statuses";

type Entry = GrantDetail["audit"][number];

const ACTION_WORDS: Record<string, string> = {
  apply: "Applied",
  edit: "Edited the application",
  review: "Reviewed",
  accept: "Accepted the offer",
  decline: "Declined the offer",
  withdraw: "Withdrew the application",
  "provide-info": "Provided information",
  provide_info: "Provided information",
  "request-more": "Asked for more",
  request_more: "Asked for more",
  read_payment_info: "Read the payment details",
  disburse: "Recorded the disbursement",
  payment_details_saved: "Saved payment details",
  payment_details_changed: "Changed the payment details",
  receipt_added: "Added a receipt",
  receipt_replaced: "Replaced a flagged receipt",
  receipt_approved: "Approved a receipt",
  receipt_flagged: "Flagged a receipt",
  receipt_file_replaced_after_review: "Tried to change a reviewed receipt's file (discarded)",
  remind: "Sent the reminder to answer the offer",
  expire: "Expired the offer (not answered by its deadline)",
  auto_offer: "Offered from the waitlist (money freed up)",
};

export function auditWords(action: string): string {
  return ACTION_WORDS[action] ?? action.replace(/[_-]/g, " ").replace(/^./, (c) => c.toUpperCase());
}

export function AuditTimeline({ grant }: { grant: GrantDetail }) {
  const entries = [...grant.audit].sort((a, b) => a.created_at.localeCompare(b.created_at));
  if (entries.length === 0) return <p>Nothing recorded yet.</p>;
  const omitted = grant.audit_omitted ?? 0;
  return (
    <>
    {omitted > 0 ? (
      <p className="muted">
        {omitted === 1 ? "1 older entry is" : `${omitted.toLocaleString("en-US")} older entries are`} not shown here: the trail lists the newest.
      </p>
    ) : null}
    <ol className="timeline" aria-label="Audit trail">
      {entries.map((entry) => (
        <li key={entry.id} className="timeline__item">
          <p className="timeline__what">
            <strong>{auditWords(entry.action)}</strong>{" "}
            <span className="muted">by {auditActor(entry, grant.user)}</span>
          </p>
          <p className="timeline__when muted">
            <time dateTime={entry.created_at}>{formatTimestamp(entry.created_at)}</time>
          </p>
          <Details details={detailsBesidesActor(entry)} />
        </li>
      ))}
    </ol>
    </>
  );
}

/** Who acted, in words: the name the entry recorded (else the account id); the applicant says so. */
export function auditActor(
  entry: Pick<Entry, "actor_sub" | "actor_name">,
  applicant: Pick<NonNullable<GrantDetail["user"]>, "sub" | "name"> | null,
): string {
  // Blind review: the API blanks the applicant's own entries (no id, no name).
  if (!applicant) return entry.actor_sub ? actorName(entry.actor_name, entry.actor_sub) : "the applicant";
  if (entry.actor_sub === applicant.sub) return `${actorName(applicant.name || entry.actor_name, entry.actor_sub)} (applicant)`;
  return actorName(entry.actor_name, entry.actor_sub);
}

/**
 * The entry's details without a name that repeats who acted: entries written before `actor_name`
 * existed kept the payer's or reader's name in their details (`payer_name`, `reader_name`).
 */
export function detailsBesidesActor(entry: Pick<Entry, "details" | "actor_name">): Entry["details"] {
  return Object.fromEntries(
    Object.entries(entry.details).filter(([key, value]) => !(key.endsWith("_name") && entry.actor_name && value === entry.actor_name)),
  );
}

function Details({ details }: { details: Entry["details"] }) {
  const items = Object.entries(details).filter(([, value]) => value !== null && value !== undefined && value !== "");
  if (items.length === 0) return null;
  return (
    <ul className="timeline__details">
      {items.map(([key, value]) => (
        <li key={key}>
          {label(key)}: {describe(key, value)}
        </li>
      ))}
    </ul>
  );
}

function label(key: string): string {
  const words = key.replace(/_cents$/, "").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One value in words: statuses named, cents as money, a change as "old → new". */
export function describe(key: string, value: unknown): string {
  if (value && typeof value === "object" && !Array.isArray(value) && ("from" in value || "to" in value)) {
    const change = value as { from?: unknown; to?: unknown };
    return `${describe(key, change.from ?? null)} → ${describe(key, change.to ?? null)}`;
  }
  if (value === null || value === undefined || value === "") return "none";
  if (key.endsWith("_cents") && typeof value === "number") return formatCents(value);
  // Status changes come as {"status": {"from", "to"}} or, for the applicant's actions, as top-level from/to.
  if ((key === "status" || key === "from" || key === "to") && typeof value === "string") return statusWords(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => describe(key, v)).join(", ");
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${label(k)} ${describe(k, v)}`)
    .join("; ");
}
