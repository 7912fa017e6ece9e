import { describe, expect, it } from "vitest";

import { checkGrantForm, initialValues, toApplication, type GrantFormValues } from "./grantForm";

const filled = (over: Partial<GrantFormValues> = {}): GrantFormValues => ({
  ...initialValues(null),
  travel_from: "Porto",
  experience_level: "beginner",
  occupation: "Teacher",
  involvement: "Meetups",
  reason: "Learn",
  requested_amount: "500",
  ...over,
});

describe("checkGrantForm mirrors the API's rules", () => {
  it("needs the required fields, non-blank", () => {
    const problems = checkGrantForm({ ...initialValues(null), travel_from: "   " }, "3000.00");
    expect(Object.keys(problems).sort()).toEqual(
      ["experience_level", "involvement", "occupation", "reason", "requested_amount", "travel_from"].sort(),
    );
  });

  it("bounds the requested amount by 1.00 and the conference maximum", () => {
    expect(checkGrantForm(filled({ requested_amount: "0.99" }), "3000.00").requested_amount).toMatch(/at least/);
    expect(checkGrantForm(filled({ requested_amount: "3000.01" }), "3000.00").requested_amount).toMatch(/3,000\.00/);
    expect(checkGrantForm(filled({ requested_amount: "3000" }), "3000.00")).toEqual({});
    // The request's own minimum, not the generic "zero or more" of other money fields.
    expect(checkGrantForm(filled({ requested_amount: "-50" }), "3000.00").requested_amount).toMatch(/at least \$1\.00/);
    expect(checkGrantForm(filled({ travel_plans_airfare_amount: "-5", travel_plans_airfare_description: "x" }), "3000.00")
      .travel_plans_airfare_amount).toMatch(/zero or more/);
  });

  it("puts a missing description on the description field when an amount is given", () => {
    const problems = checkGrantForm(filled({ travel_plans_airfare_amount: "10", travel_plans_lodging_amount: "0" }), "3000");
    expect(problems).toEqual({ travel_plans_airfare_description: "Describe the airfare you are asking for." });
  });

  it("ignores money fields for a ticket-only request and sends them as zero", () => {
    const values = filled({ request_type: "ticket_only", requested_amount: "abc", travel_plans_airfare_amount: "9" });
    expect(checkGrantForm(values, "3000.00")).toEqual({});
    const body = toApplication(values);
    expect([body.requested_amount, body.travel_plans_airfare_amount, body.travel_plans_airfare_description]).toEqual(["0", "0", ""]);
  });

  it("sends first_time as null, true or false", () => {
    expect(toApplication(filled({ first_time: "" })).first_time).toBeNull();
    expect(toApplication(filled({ first_time: "yes" })).first_time).toBe(true);
    expect(toApplication(filled({ first_time: "no" })).first_time).toBe(false);
  });
});
