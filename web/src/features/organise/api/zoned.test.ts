import { describe, expect, it } from "vitest";

import { utcToZonedInput, zonedInputToUtc } from "./zoned";

describe("conference-timezone times", () => {
  it("reads a wall-clock time in the conference's zone", () => {
    expect(zonedInputToUtc("2026-05-14T09:00", "America/New_York")).toBe("2026-05-14T13:00:00Z");
    expect(zonedInputToUtc("2026-01-14T09:00", "America/New_York")).toBe("2026-01-14T14:00:00Z");
    expect(zonedInputToUtc("2026-05-14T09:00", "Asia/Kolkata")).toBe("2026-05-14T03:30:00Z");
    expect(zonedInputToUtc("2026-05-14T09:00", "UTC")).toBe("2026-05-14T09:00:00Z");
  });

  it("shows an instant as the zone's wall-clock time, and round-trips", () => {
    expect(utcToZonedInput("2026-05-14T13:00:00Z", "America/New_York")).toBe("2026-05-14T09:00");
    expect(utcToZonedInput("2026-11-01T05:30:00Z", "America/New_York")).toBe("2026-11-01T01:30");
    for (const local of ["2026-03-08T03:30", "2026-11-01T12:00", "2026-07-01T23:45"]) {
      const utc = zonedInputToUtc(local, "America/New_York");
      expect(utc).not.toBeNull();
      expect(utcToZonedInput(utc, "America/New_York")).toBe(local);
    }
  });

  it("refuses blank or malformed input", () => {
    expect(zonedInputToUtc("", "UTC")).toBeNull();
    expect(zonedInputToUtc("14/05/2026 9:00", "UTC")).toBeNull();
    expect(utcToZonedInput(null, "UTC")).toBe("");
  });
});
