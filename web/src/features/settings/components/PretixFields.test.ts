import { describe, expect, it } from "vitest";

import { pretixBodyOf } from "./PretixFields";

const blank = { pretix_base_url: "", pretix_organizer: "", pretix_event: "", pretix_item_id: "", pretix_api_token: "" };

describe("pretixBodyOf", () => {
  it("turns pretix off when address, organizer and event are blank", () => {
    expect(pretixBodyOf(blank)).toBeNull();
  });

  it("sends the token only when typed (a blank keeps the stored one) and the item as a number", () => {
    const values = { ...blank, pretix_base_url: " https://pretix.eu ", pretix_organizer: "pycon", pretix_event: "2027", pretix_item_id: "12" };
    expect(pretixBodyOf(values)).toEqual({ base_url: "https://pretix.eu", organizer: "pycon", event: "2027", item_id: 12 });
    expect(pretixBodyOf({ ...values, pretix_item_id: "", pretix_api_token: "tok" })).toEqual({
      base_url: "https://pretix.eu", organizer: "pycon", event: "2027", item_id: null, api_token: "tok",
    });
  });
});
