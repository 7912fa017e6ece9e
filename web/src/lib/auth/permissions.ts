/** The API's permissions (the contract's table), as tokens carry them. */
import type { components } from "@/lib/api/schema";

/** The permissions the API's OpenAPI document declares (its `Permission` enum). */
type ApiPermission = components["schemas"]["Permission"];

export const PERMISSIONS = [
  "manage_conference",
  "manage_activity",
  "view_travel_grant",
  "review_travel_grant",
  "disburse_travel_grant",
  "review_receipt",
] as const satisfies readonly ApiPermission[];

export type Permission = (typeof PERMISSIONS)[number];

/**
 * A compile error when the API declares a permission this list lacks: the sign-in page and
 * the console offer exactly the API's permissions (`satisfies` above catches the other way).
 */
export const LISTS_EVERY_API_PERMISSION: [Exclude<ApiPermission, Permission>] extends [never] ? true : never = true;
