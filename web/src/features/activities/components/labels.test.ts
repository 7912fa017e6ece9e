import { afterEach, describe, expect, it } from "vitest";

import { activate } from "@/lib/i18n";
import en from "@/lib/i18n/messages/en.json";
import es from "@/lib/i18n/messages/es.json";

import { placesText } from "./labels";

const places = (spots_remaining: number | null, waitlist_count = 0, max_participants: number | null = 20) =>
  placesText({ spots_remaining, waitlist_count, max_participants });

describe("places left, in words", () => {
  afterEach(() => void activate("en", en));

  it("says one place, several places, full and unlimited in English", () => {
    expect([places(1), places(12), places(0), places(0, 3), places(null, 0, null)]).toEqual([
      "1 place left", "12 places left", "Full: waitlist", "Full: waitlist (3 waiting)", "No limit on places",
    ]);
  });

  it("agrees in number in Spanish", () => {
    activate("es", es);
    expect([places(1), places(12), places(0, 1), places(0, 3)]).toEqual([
      "Queda 1 plaza", "Quedan 12 plazas", "Completa: lista de espera (1 persona esperando)",
      "Completa: lista de espera (3 personas esperando)",
    ]);
  });
});
