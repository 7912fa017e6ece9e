import { describe, expect, it } from "vitest";

import { formatDeadlineShort } from "./dates";

describe("formatDeadlineShort", () => {
  it("gives the deadline's day in the conference's timezone, not the reader's", () => {
    // The end of December 19 in New York is already December 20 in UTC.
    expect(formatDeadlineShort("2026-12-20T04:59:59Z", "America/New_York")).toBe("Dec 19, 2026");
    expect(formatDeadlineShort("2026-12-20T04:59:59Z", "UTC")).toBe("Dec 20, 2026");
  });
});
