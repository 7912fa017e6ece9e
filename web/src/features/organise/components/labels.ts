import type { MessageId } from "@/lib/i18n";

import type { ActivityType } from "../api/activities";

/** Each activity type's name (catalog keys). */
export const TYPE_WORDS: Record<ActivityType, MessageId> = {
  sprint: "organise.type.sprint",
  workshop: "organise.type.workshop",
  tutorial: "organise.type.tutorial",
  lightning_talk: "organise.type.lightning_talk",
  social: "organise.type.social",
  open_space: "organise.type.open_space",
  summit: "organise.type.summit",
  other: "organise.type.other",
};
