import { User } from "oidc-client-ts";
import { describe, expect, it } from "vitest";

import { toSession } from "./cognito";

describe("Cognito sessions", () => {
  it("send the ID token and read permissions from cognito:groups", () => {
    const user = new User({
      id_token: "id.token.value",
      access_token: "access.token.value",
      token_type: "Bearer",
      expires_at: 2_000_000_000,
      profile: {
        sub: "abc-123",
        iss: "https://cognito-idp.eu-west-1.amazonaws.com/pool",
        aud: "client",
        exp: 2_000_000_000,
        iat: 1_900_000_000,
        email: "ada@example.com",
        "cognito:username": "ada",
        "cognito:groups": ["review_travel_grant"],
      },
    });
    expect(toSession(user)).toEqual({
      token: "id.token.value",
      expiresAt: 2_000_000_000,
      user: { sub: "abc-123", name: "ada", email: "ada@example.com", permissions: ["review_travel_grant"] },
    });
  });
});
