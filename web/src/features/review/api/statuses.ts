/**
 * Grant statuses in the reviewers' words. The statuses themselves come from the API's types
 * (`GrantStatus`, generated from /openapi.json), and which moves a reviewer may make from a
 * status comes with each grant (`transitions` on the reviewer detail): the web app never
 * knows the state machine, it offers what the API says.
 */
import { translate, type MessageId } from "@/lib/i18n";

import type { GrantStatus } from "./grants";

/** Status names in words (catalog keys), for the filter bar, the badges and the review form. */
export const STATUS_WORDS: Record<GrantStatus, MessageId> = {
  submitted: "review.status.submitted",
  info_needed: "review.status.info_needed",
  waitlisted: "review.status.waitlisted",
  offered: "review.status.offered",
  need_more: "review.status.need_more",
  accepted: "review.status.accepted",
  rejected: "review.status.rejected",
  declined: "review.status.declined",
  expired: "review.status.expired",
  withdrawn: "review.status.withdrawn",
  disbursed: "review.status.disbursed",
};

/**
 * What choosing a target status does, in the reviewer's words: read in the active language each
 * time (getters), so callers index it like a plain record.
 */
export const TRANSITION_WORDS: Partial<Record<GrantStatus, string>> = {
  get info_needed() {
    return translate("review.transition.info_needed");
  },
  get offered() {
    return translate("review.transition.offered");
  },
  get waitlisted() {
    return translate("review.transition.waitlisted");
  },
  get rejected() {
    return translate("review.transition.rejected");
  },
};

/** Every status, for the filter bar and the charts (STATUS_WORDS must name each one: tsc checks it). */
export const STATUSES = Object.keys(STATUS_WORDS) as readonly GrantStatus[];

export function statusWords(status: string): string {
  const id = (STATUS_WORDS as Partial<Record<string, MessageId>>)[status];
  return id ? translate(id) : status;
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
