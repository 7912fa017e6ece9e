import { describe, expect, it } from "vitest";

import { perTalkTypes } from "./ConferenceForm";

describe("perTalkTypes", () => {
  it("splits the comma-separated submission types and drops blanks", () => {
    expect(perTalkTypes(" Tutorials, 4 ,, ")).toEqual(["Tutorials", "4"]);
    expect(perTalkTypes("")).toEqual([]);
  });
});
