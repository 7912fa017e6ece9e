import type { MessageId } from "@/lib/i18n";

import type { Grant, GrantStatus } from "../api/grants";

/** Each status in plain words (catalog keys), with what happens next. */
export function statusWords(status: GrantStatus): { title: MessageId; next: MessageId } {
  return { title: `grant.status.${status}.title`, next: `grant.status.${status}.next` };
}

export const APPLICATION_TYPES: Record<Grant["application_type"], MessageId> = {
  general: "grant.type.general",
  speaker: "grant.type.speaker",
  staff: "grant.type.staff",
  core_dev: "grant.type.core_dev",
  psf_board: "grant.type.psf_board",
  community: "grant.type.community",
  education: "grant.type.education",
  pyladies: "grant.type.pyladies",
  other: "grant.type.other",
};

export const EXPERIENCE_LEVELS: Record<Grant["experience_level"], MessageId> = {
  beginner: "grant.level.beginner",
  intermediate: "grant.level.intermediate",
  expert: "grant.level.expert",
};
