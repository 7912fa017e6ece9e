/** The API's permissions (the contract's table), as tokens carry them. */
export const PERMISSIONS = [
  "manage_conference",
  "manage_activity",
  "view_travel_grant",
  "review_travel_grant",
  "disburse_travel_grant",
  "review_receipt",
] as const;

export type Permission = (typeof PERMISSIONS)[number];
