/**
 * Grant statuses in the reviewers' words. The statuses themselves come from the API's types
 * (`GrantStatus`, generated from /openapi.json), and which moves a reviewer may make from a
 * status comes with each grant (`transitions` on the reviewer detail): the web app never
 * knows the state machine, it offers what the API says.
 */
import type { GrantStatus } from "./grants";

/** Status names in words, for the filter bar, the badges and the review form. */
export const STATUS_WORDS: Record<GrantStatus, string> = {
  submitted: "Submitted",
  info_needed: "Information needed",
  waitlisted: "Waitlisted",
  offered: "Offered",
  need_more: "Asked for more",
  accepted: "Accepted",
  rejected: "Rejected",
  declined: "Declined",
  expired: "Expired",
  withdrawn: "Withdrawn",
  disbursed: "Disbursed",
};

/** What choosing a target status does, in the reviewer's words. */
export const TRANSITION_WORDS: Partial<Record<GrantStatus, string>> = {
  info_needed: "Ask the applicant for information",
  offered: "Offer a grant",
  waitlisted: "Put on the waitlist",
  rejected: "Reject",
};

/** Every status, for the filter bar and the charts (STATUS_WORDS must name each one: tsc checks it). */
export const STATUSES = Object.keys(STATUS_WORDS) as readonly GrantStatus[];

export function statusWords(status: string): string {
  return (STATUS_WORDS as Partial<Record<string, string>>)[status] ?? status;
}

type Tone = "ok" | "warn" | "danger" | "muted";

/** How a status badge looks: one entry per status, so a new status cannot go unstyled (tsc checks it). */
const STATUS_TONES: Record<GrantStatus, Tone> = {
  submitted: "warn",
  info_needed: "warn",
  waitlisted: "warn",
  offered: "ok",
  need_more: "warn",
  accepted: "ok",
  rejected: "danger",
  declined: "muted",
  expired: "danger",
  withdrawn: "muted",
  disbursed: "ok",
};

export function statusTone(status: string): Tone {
  return (STATUS_TONES as Partial<Record<string, Tone>>)[status] ?? "muted";
}
