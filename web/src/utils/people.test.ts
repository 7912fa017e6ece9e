import { describe, expect, it } from "vitest";

import { actorName, displayName } from "./people";

describe("displayName", () => {
  it("prefers the name, then the e-mail, then the account id", () => {
    expect(displayName({ name: "Ada", email: "ada@example.com", sub: "u1" })).toBe("Ada");
    expect(displayName({ name: "", email: "ada@example.com", sub: "u1" })).toBe("ada@example.com");
    expect(displayName({ name: "", email: "", sub: "u1" })).toBe("u1");
  });
});

describe("actorName", () => {
  it("prefers the name the record kept, then the account id", () => {
    expect(actorName("Rita Reviewer", "demo-reviewer")).toBe("Rita Reviewer");
    expect(actorName(null, "demo-reviewer")).toBe("demo-reviewer"); // records from before names were kept
    expect(actorName(undefined, null)).toBe("?");
  });
});
