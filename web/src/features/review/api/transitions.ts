/**
 * The reviewer transitions of the API contract (CONTRACT.md, "Travel grants: reviewers"):
 * the review form offers only these, and the API checks them again (409
 * `invalid_transition`). The reviewer detail has no `actions` list like the applicant's, so
 * the table lives here, next to the only form that uses it.
 */
import type { GrantStatus } from "./grants";

const REVIEWER_TRANSITIONS: Partial<Record<GrantStatus, readonly GrantStatus[]>> = {
  submitted: ["info_needed", "offered", "waitlisted", "rejected"],
  info_needed: ["offered", "waitlisted", "rejected"],
  need_more: ["offered", "rejected"],
  offered: ["rejected"],
  waitlisted: ["offered", "rejected"],
  expired: ["offered"],
};

export function reviewerTransitions(status: string): readonly GrantStatus[] {
  return REVIEWER_TRANSITIONS[status as GrantStatus] ?? [];
}

export const STATUSES: readonly GrantStatus[] = [
  "submitted", "info_needed", "waitlisted", "offered", "need_more", "accepted", "rejected", "declined", "expired",
  "withdrawn", "disbursed",
];

/** Status names in words, for the filter bar, the badges and the review form. */
export const STATUS_WORDS: Record<GrantStatus, string> = {
  submitted: "Submitted",
  info_needed: "Information needed",
  offered: "Offered",
  need_more: "Asked for more",
  accepted: "Accepted",
  rejected: "Rejected",
  declined: "Declined",
  withdrawn: "Withdrawn",
  disbursed: "Disbursed",
  waitlisted: "Waitlisted",
  expired: "Expired",
};

/** What choosing a target status does, in the reviewer's words. */
export const TRANSITION_WORDS: Partial<Record<GrantStatus, string>> = {
  info_needed: "Ask the applicant for information",
  offered: "Offer a grant",
  waitlisted: "Put on the waitlist",
  rejected: "Reject",
};

export function statusWords(status: string): string {
  return (STATUS_WORDS as Partial<Record<string, string>>)[status] ?? status;
}

export function statusTone(status: string): "ok" | "warn" | "danger" | "muted" {
  if (status === "accepted" || status === "disbursed" || status === "offered") return "ok";
  if (status === "submitted" || status === "info_needed" || status === "need_more" || status === "waitlisted") return "warn";
  if (status === "rejected" || status === "expired") return "danger";
  return "muted";
}
