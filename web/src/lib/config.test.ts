import { describe, expect, it } from "vitest";

import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("accepts local mode and trims the API URL's trailing slash", () => {
    expect(parseConfig({ apiUrl: "http://127.0.0.1:8000/", auth: { mode: "local" } })).toEqual({
      apiUrl: "http://127.0.0.1:8000",
      auth: { mode: "local" },
      defaultConference: undefined,
    });
  });

  it("needs every Cognito id in cognito mode", () => {
    const auth = {
      mode: "cognito",
      authority: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc",
      clientId: "client",
      domain: "https://x.auth.eu-west-1.amazoncognito.com",
      redirectUri: "https://d.cloudfront.net/auth/callback",
      logoutUri: "https://d.cloudfront.net/",
    };
    expect(parseConfig({ apiUrl: "https://api", auth }).auth).toEqual(auth);
    expect(() => parseConfig({ apiUrl: "https://api", auth: { ...auth, clientId: "" } })).toThrow(/auth.clientId/);
  });

  it("refuses documents that are not a config", () => {
    expect(() => parseConfig(null)).toThrow(ConfigError);
    expect(() => parseConfig({ auth: { mode: "local" } })).toThrow(/apiUrl/);
    expect(() => parseConfig({ apiUrl: "x", auth: { mode: "saml" } })).toThrow(/auth.mode/);
  });
});
