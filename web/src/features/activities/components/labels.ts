import { translate, type MessageId } from "@/lib/i18n";

import type { Activity, ActivityType } from "../api/activities";

/** Each activity type's name (catalog keys). */
export const TYPE_LABELS: Record<ActivityType, MessageId> = {
  tutorial: "activity.type.tutorial",
  workshop: "activity.type.workshop",
  sprint: "activity.type.sprint",
  lightning_talk: "activity.type.lightning_talk",
  social: "activity.type.social",
  open_space: "activity.type.open_space",
  summit: "activity.type.summit",
  other: "activity.type.other",
};

/** "12 places left", "Full: waitlist open", "No limit". */
export function placesText(activity: Pick<Activity, "spots_remaining" | "max_participants" | "waitlist_count">): string {
  if (activity.max_participants === null || activity.spots_remaining === null) return translate("activity.places.unlimited");
  if (activity.spots_remaining <= 0) {
    return activity.waitlist_count > 0
      ? translate("activity.places.fullWaiting", { count: activity.waitlist_count })
      : translate("activity.places.full");
  }
  return translate("activity.places.left", { count: activity.spots_remaining });
}

export function whereText(activity: Pick<Activity, "room" | "location">): string | null {
  return [activity.room, activity.location].filter(Boolean).join(", ") || null;
}
