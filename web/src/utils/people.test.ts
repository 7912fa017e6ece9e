import { describe, expect, it } from "vitest";

import { displayName } from "./people";

describe("displayName", () => {
  it("prefers the name, then the e-mail, then the account id", () => {
    expect(displayName({ name: "Ada", email: "ada@example.com", sub: "u1" })).toBe("Ada");
    expect(displayName({ name: "", email: "ada@example.com", sub: "u1" })).toBe("ada@example.com");
    expect(displayName({ name: "", email: "", sub: "u1" })).toBe("u1");
  });
});
