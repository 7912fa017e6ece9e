/**
 * CONSOLE ROUTES: the `/c/:slug/manage/*` tree (reviewers, payers, organisers, settings).
 *
 * Its screens live in src/features/{review,
 * receipt-review,payouts,organise,settings}. Everything here is lazy-loaded: attendees
 * and applicants never download the console. Paths e-mails link to:
 * manage/grants/:grantId, manage/receipts, manage/payouts, manage/activities, manage/settings.
 */
import type { RouteObject } from "react-router";

import { PERMISSIONS } from "@/lib/auth/permissions";

/** Permissions that open some part of the console: every one does (the API checks each call again). */
export const CONSOLE_PERMISSIONS = PERMISSIONS;

export function canOpenConsole(permissions: readonly string[]): boolean {
  return permissions.some((p) => (CONSOLE_PERMISSIONS as readonly string[]).includes(p));
}

export const consoleRoutes: RouteObject[] = [
  {
    path: "manage",
    lazy: () => import("./console/layout"),
    children: [
      { index: true, lazy: () => import("./console/overview") },
      { path: "grants", lazy: () => import("./console/grants") },
      { path: "grants/:grantId", lazy: () => import("./console/grant") },
      { path: "scoring", lazy: () => import("./console/scoring") },
      { path: "ranking", lazy: () => import("./console/ranking") },
      { path: "allocation", lazy: () => import("./console/allocation") },
      { path: "report", lazy: () => import("./console/report") },
      { path: "receipts", lazy: () => import("./console/receipts") },
      { path: "receipts/:receiptId", lazy: () => import("./console/receipt") },
      { path: "payouts", lazy: () => import("./console/payouts") },
      { path: "activities", lazy: () => import("./console/activities") },
      { path: "activities/new", lazy: () => import("./console/activity-new") },
      { path: "activities/:activitySlug", lazy: () => import("./console/activity") },
      { path: "activities/:activitySlug/edit", lazy: () => import("./console/activity-edit") },
      { path: "settings", lazy: () => import("./console/settings") },
      { path: "conferences/new", lazy: () => import("./console/conference-new") },
      { path: "*", lazy: () => import("./not-found") },
    ],
  },
];
