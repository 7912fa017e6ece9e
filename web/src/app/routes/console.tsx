/**
 * CONSOLE ROUTES: the `/c/:slug/manage/*` tree (reviewers, payers, organisers, settings).
 *
 * Owned by the console work (issue 15), together with src/features/{review,
 * receipt-review,payouts,organise,settings}. Everything here is lazy-loaded: attendees
 * and applicants never download the console. Paths e-mails link to:
 * manage/grants/:grantId, manage/receipts, manage/payouts, manage/activities, manage/settings.
 */
import type { RouteObject } from "react-router";

/** Permissions that open some part of the console (the API checks each call again). */
export const CONSOLE_PERMISSIONS = [
  "manage_conference",
  "manage_activity",
  "view_travel_grant",
  "review_travel_grant",
  "disburse_travel_grant",
  "review_receipt",
] as const;

export function canOpenConsole(permissions: readonly string[]): boolean {
  return permissions.some((p) => (CONSOLE_PERMISSIONS as readonly string[]).includes(p));
}

export const consoleRoutes: RouteObject[] = [
  {
    path: "manage",
    lazy: () => import("./console-placeholder"),
    children: [
      { index: true, lazy: () => import("./console-placeholder").then((m) => ({ Component: m.Overview })) },
      { path: "*", lazy: () => import("./console-placeholder").then((m) => ({ Component: m.Overview })) },
    ],
  },
];
