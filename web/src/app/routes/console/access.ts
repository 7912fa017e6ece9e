/**
 * Which console pages the signed-in user's permissions open. Only for showing and hiding:
 * the API checks every call itself (and an activity's organisers get their activities from
 * the API even without `manage_activity`).
 */
import type { MessageId } from "@/lib/i18n";

export type ConsoleArea = "grants" | "scoring" | "ranking" | "allocation" | "report" | "receipts" | "payouts" | "activities" | "settings";

export const AREA_PERMISSIONS: Record<ConsoleArea, readonly string[]> = {
  grants: ["view_travel_grant", "review_travel_grant"],
  scoring: ["review_travel_grant"],
  ranking: ["view_travel_grant", "review_travel_grant"],
  allocation: ["review_travel_grant"],
  report: ["view_travel_grant", "review_travel_grant"],
  receipts: ["review_receipt"],
  payouts: ["disburse_travel_grant"],
  activities: ["manage_activity"],
  settings: ["manage_conference"],
};

/** Each area's name in the console's menu (catalog keys). */
export const AREA_LABELS: Record<ConsoleArea, MessageId> = {
  grants: "console.area.grants",
  scoring: "console.area.scoring",
  ranking: "console.area.ranking",
  allocation: "console.area.allocation",
  report: "console.area.report",
  receipts: "console.area.receipts",
  payouts: "console.area.payouts",
  activities: "console.area.activities",
  settings: "console.area.settings",
};

export function areasFor(permissions: readonly string[]): ConsoleArea[] {
  return (Object.keys(AREA_PERMISSIONS) as ConsoleArea[]).filter((area) =>
    AREA_PERMISSIONS[area].some((p) => permissions.includes(p)),
  );
}
