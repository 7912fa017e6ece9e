/** The grant's audit trail as a timeline: who did what, when, and what changed. */
import { formatTimestamp } from "@/utils/dates";
import { formatCents } from "@/utils/money";
import { actorName } from "@/utils/people";
import { translate, useT, type MessageId } from "@/lib/i18n";

import type { GrantDetail } from "../api/grants";
import { statusWords } from "../api/statuses";

type Entry = GrantDetail["audit"][number];

const ACTION_WORDS: Partial<Record<string, MessageId>> = {
  apply: "audit.apply",
  edit: "audit.edit",
  review: "audit.review",
  accept: "audit.accept",
  decline: "audit.decline",
  withdraw: "audit.withdraw",
  "provide-info": "audit.provide_info",
  provide_info: "audit.provide_info",
  "request-more": "audit.request_more",
  request_more: "audit.request_more",
  read_payment_info: "audit.read_payment_info",
  disburse: "audit.disburse",
  payment_details_saved: "audit.payment_details_saved",
  payment_details_changed: "audit.payment_details_changed",
  receipt_added: "audit.receipt_added",
  receipt_replaced: "audit.receipt_replaced",
  receipt_approved: "audit.receipt_approved",
  receipt_flagged: "audit.receipt_flagged",
  receipt_file_replaced_after_review: "audit.receipt_file_replaced_after_review",
  remind: "audit.remind",
  expire: "audit.expire",
  auto_offer: "audit.auto_offer",
};

export function auditWords(action: string): string {
  const id = ACTION_WORDS[action];
  return id ? translate(id) : action.replace(/[_-]/g, " ").replace(/^./, (c) => c.toUpperCase());
}

export function AuditTimeline({ grant }: { grant: GrantDetail }) {
  const t = useT();
  const entries = [...grant.audit].sort((a, b) => a.created_at.localeCompare(b.created_at));
  if (entries.length === 0) return <p>{t("audit.none")}</p>;
  const omitted = grant.audit_omitted ?? 0;
  return (
    <>
    {omitted > 0 ? (
      <p className="muted">
        {t("audit.omitted", { count: omitted })}
      </p>
    ) : null}
    <ol className="timeline" aria-label={t("grantDetail.audit")}>
      {entries.map((entry) => (
        <li key={entry.id} className="timeline__item">
          <p className="timeline__what">
            <strong>{auditWords(entry.action)}</strong>{" "}
            <span className="muted">{t("audit.by", { actor: auditActor(entry, grant.user) })}</span>
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
  if (!applicant) return entry.actor_sub ? actorName(entry.actor_name, entry.actor_sub) : translate("audit.theApplicant");
  if (entry.actor_sub === applicant.sub) return translate("audit.applicantNamed", { name: actorName(applicant.name || entry.actor_name, entry.actor_sub) });
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
  if (value === null || value === undefined || value === "") return translate("audit.none.value");
  if (key.endsWith("_cents") && typeof value === "number") return formatCents(value);
  // Status changes come as {"status": {"from", "to"}} or, for the applicant's actions, as top-level from/to.
  if ((key === "status" || key === "from" || key === "to") && typeof value === "string") return statusWords(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => describe(key, v)).join(", ");
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${label(k)} ${describe(k, v)}`)
    .join("; ");
}
