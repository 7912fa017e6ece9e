/**
 * Contract additions of the second release (shared/CONTRACT.md "Additions") that this
 * app uses before they appear in web/openapi.json. Once the API publishes them, delete
 * the entry: the generated type then takes over (Omit below keeps the two from clashing).
 */
import type { paths } from "./schema";

export type MySignup = {
  activity_slug: string;
  activity_name: string;
  id: string;
  status: "confirmed" | "waitlisted" | "cancelled";
  note: string;
  created_at: string;
  waitlist_position?: number | null;
};

type Additions = {
  "/conferences/{slug}/my/signups": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { slug: string }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": { signups: MySignup[] } } };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
};

declare const __API_HAS_MY_SIGNUPS__: boolean;
/** Whether the API this app was built against publishes `GET /conferences/{slug}/my/signups`. */
export const HAS_MY_SIGNUPS: boolean = __API_HAS_MY_SIGNUPS__;

export type ApiPaths = Omit<paths, keyof Additions> & Additions;

/** `waitlist_position` of a signup (an addition): a number while waitlisted, else null. */
export function waitlistPosition(signup: { [key: string]: unknown } | null | undefined): number | null {
  const value = signup?.waitlist_position;
  return typeof value === "number" ? value : null;
}
