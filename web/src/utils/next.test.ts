import { describe, expect, it } from "vitest";

import { safeNext } from "./next";

const ORIGIN = "https://grants.example.org";

describe("the sign-in next path", () => {
  it("keeps paths of this site", () => {
    expect(safeNext("/c/pycon/grant?x=1#top", ORIGIN)).toBe("/c/pycon/grant?x=1#top");
  });

  it.each(["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example",
    "javascript:alert(1)", "", null])("refuses %j", (value) => {
    expect(safeNext(value, ORIGIN)).toBe("/");
  });
});
