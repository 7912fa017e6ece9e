import { afterEach, describe, expect, it } from "vitest";

import { activate } from "@/lib/i18n";
import en from "@/lib/i18n/messages/en.json";
import es from "@/lib/i18n/messages/es.json";

import { countryName, countryOptions } from "./methods";

describe("country names", () => {
  afterEach(() => {
    activate("en", en);
  });

  it("follow the active language, and the list is sorted in it", () => {
    expect(countryName("DE")).toBe("Germany");
    activate("es", es);
    expect(countryName("DE")).toBe("Alemania");
    const names = countryOptions().map((option) => option.name);
    expect(names).toContain("Países Bajos");
    expect(names.indexOf("Alemania")).toBeLessThan(names.indexOf("Zambia"));
    expect(names.indexOf("Egipto")).toBeLessThan(names.indexOf("España"));
  });

  it("leave text that is not a country code as it was saved", () => {
    expect(countryName("Atlantis")).toBe("Atlantis");
  });
});
