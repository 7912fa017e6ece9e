import { describe, expect, it } from "vitest";

import { canOpenConsole } from "../console";
import { areasFor } from "./access";

describe("console areas by permission", () => {
  it("opens only what the permissions allow", () => {
    expect(areasFor([])).toEqual([]);
    expect(areasFor(["view_travel_grant"])).toEqual(["grants", "ranking", "report"]);
    expect(areasFor(["review_travel_grant", "review_receipt"])).toEqual(["grants", "scoring", "ranking", "allocation", "report", "receipts"]);
    expect(areasFor(["disburse_travel_grant"])).toEqual(["payouts"]);
    expect(areasFor(["manage_conference", "manage_activity"])).toEqual(["activities", "settings"]);
    expect(canOpenConsole(["review_receipt"])).toBe(true);
    expect(canOpenConsole([])).toBe(false);
  });
});
