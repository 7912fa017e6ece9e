import type { Activity, ActivityType } from "../api/activities";

export const TYPE_LABELS: Record<ActivityType, string> = {
  tutorial: "Tutorial",
  workshop: "Workshop",
  sprint: "Sprint",
  lightning_talk: "Lightning talks",
  social: "Social",
  open_space: "Open space",
  summit: "Summit",
  other: "Other",
};

/** "12 places left", "Full: waitlist open", "No limit". */
export function placesText(activity: Pick<Activity, "spots_remaining" | "max_participants" | "waitlist_count">): string {
  if (activity.max_participants === null || activity.spots_remaining === null) return "No limit on places";
  if (activity.spots_remaining <= 0) {
    return activity.waitlist_count > 0 ? `Full: waitlist (${activity.waitlist_count} waiting)` : "Full: waitlist";
  }
  return activity.spots_remaining === 1 ? "1 place left" : `${activity.spots_remaining} places left`;
}

export function whereText(activity: Pick<Activity, "room" | "location">): string | null {
  return [activity.room, activity.location].filter(Boolean).join(", ") || null;
}
