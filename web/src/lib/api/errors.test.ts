import { describe, expect, it } from "vitest";

import { ApiError, errorToWords, isRetryable, NetworkError, placeFieldErrors, sentence, toApiError } from "./errors";

describe("toApiError", () => {
  it("reads the API's error shape, fields included", () => {
    const error = toApiError(422, {
      error: { code: "validation_error", message: "Some fields are not valid.", fields: { reason: ["Required."] } },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.message]).toEqual([422, "validation_error", "Some fields are not valid."]);
    expect(error.fields).toEqual({ reason: ["Required."] });
  });

  it("words a body that is not the error shape by its status, never as raw JSON", () => {
    const error = toApiError(502, "<html>Bad gateway</html>");
    expect(error.code).toBe("http_502");
    expect(errorToWords(error)).toBe("Something went wrong on our side. Please try again.");
    expect(errorToWords(toApiError(404, null))).toMatch(/does not exist/);
  });
});

describe("errorToWords and isRetryable", () => {
  it("uses the API's message for 4xx and offers retries only where they can help", () => {
    const conflict = toApiError(409, { error: { code: "invalid_state", message: "The grant is not offered." } });
    expect(errorToWords(conflict)).toBe("The grant is not offered.");
    expect(isRetryable(conflict)).toBe(false);
    const offline = new NetworkError("Failed to fetch");
    expect(errorToWords(offline)).toMatch(/could not reach the server/);
    expect(isRetryable(offline)).toBe(true);
    expect(isRetryable(toApiError(503, null))).toBe(true);
    expect(errorToWords(new Error("x"))).toMatch(/unexpected/);
  });
});

describe("placeFieldErrors", () => {
  it("puts nested errors on their field and keeps unknown ones apart", () => {
    const { placed, unplaced } = placeFieldErrors(
      { "days_attending.0": ["not a conference day"], requested_amount: ["Too much.", "Really."], mystery: ["Odd."] },
      ["days_attending", "requested_amount"],
    );
    expect(placed).toEqual({ days_attending: "Not a conference day.", requested_amount: "Too much. Really." });
    expect(unplaced).toEqual(["Mystery: Odd."]);
  });
});

describe("messages a person reads", () => {
  it("are sentences with money formatted as everywhere else", () => {
    const { placed } = placeFieldErrors({ disbursed_amount: ["must not exceed the approved amount 1400.00"] }, ["disbursed_amount"]);
    expect(placed.disbursed_amount).toBe("Must not exceed the approved amount $1,400.00.");
    expect(sentence("must be at most 3000.00 (the conference maximum)")).toBe("Must be at most $3,000.00 (the conference maximum).");
    expect(sentence("The offer changed: it is now $1,400.00")).toBe("The offer changed: it is now $1,400.00.");
    expect(sentence("must be an IANA time zone, like Europe/Lisbon")).toBe("Must be an IANA time zone, like Europe/Lisbon.");
    expect(errorToWords(new ApiError(409, "exceeds_receipts", "paying 2500.50 needs a reason"))).toBe("Paying $2,500.50 needs a reason.");
  });
});
