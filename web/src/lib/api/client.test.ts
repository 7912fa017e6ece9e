import { describe, expect, it, vi } from "vitest";

import { createApiClient, unwrap } from "./client";
import { ApiError, NetworkError } from "./errors";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("the typed client", () => {
  it("sends the bearer token and reports a refused one", async () => {
    const onUnauthorized = vi.fn();
    const seen: string[] = [];
    const fetchImpl = vi.fn((request: Request) => {
      seen.push(request.headers.get("Authorization") ?? "");
      return Promise.resolve(json(401, { error: { code: "unauthorized", message: "The token has expired." } }));
    });
    const client = createApiClient({ baseUrl: "http://api", getToken: () => "t0k", onUnauthorized, fetch: fetchImpl as typeof fetch });
    const error = await unwrap(client.GET("/conferences/{slug}", { params: { path: { slug: "x" } } })).catch((e: unknown) => e);
    expect(seen).toEqual(["Bearer t0k"]);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("The token has expired.");
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it("does not ask anonymous callers to sign in again", async () => {
    const onUnauthorized = vi.fn();
    const fetchImpl = vi.fn(() => Promise.resolve(json(401, { error: { code: "unauthorized", message: "x" } })));
    const client = createApiClient({ baseUrl: "http://api", getToken: () => null, onUnauthorized, fetch: fetchImpl });
    await unwrap(client.GET("/conferences/{slug}", { params: { path: { slug: "x" } } })).catch(() => undefined);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it("turns a fetch that never answered into a NetworkError", async () => {
    const fetchImpl = vi.fn(() => Promise.reject(new TypeError("Failed to fetch")));
    const client = createApiClient({ baseUrl: "http://api", getToken: () => null, onUnauthorized: vi.fn(), fetch: fetchImpl });
    await expect(unwrap(client.GET("/health"))).rejects.toBeInstanceOf(NetworkError);
  });
});
