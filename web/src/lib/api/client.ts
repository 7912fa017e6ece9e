/**
 * The typed API client: openapi-fetch over the paths generated from the app's own
 * OpenAPI document (src/lib/api/schema.d.ts, `npm run gen:api`). A renamed field or route
 * in the API breaks `tsc` here and in every feature that uses it.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import { NetworkError, toApiError } from "./errors";
import type { components, paths } from "./schema";

export type { components };
export type Schemas = components["schemas"];
export type ApiClient = Client<paths>;

export type ClientOptions = {
  baseUrl: string;
  /** The bearer token to send, or null when signed out. Read on every request. */
  getToken: () => string | null;
  /** Called when the API refuses a token we sent (expired or revoked): ask to sign in again. */
  onUnauthorized: () => void;
  /** The reader's language, sent as Accept-Language so what the API writes to them (e-mails) follows it. */
  getLocale?: () => string;
  fetch?: typeof fetch;
};

export function createApiClient({ baseUrl, getToken, onUnauthorized, getLocale, fetch: fetchImpl }: ClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = getToken();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      if (getLocale) request.headers.set("Accept-Language", getLocale());
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && request.headers.has("Authorization")) onUnauthorized();
      return response;
    },
    onError({ error }) {
      // fetch() itself failed: no answer at all. Say so in words the UI can offer a retry for.
      return new NetworkError(error instanceof Error ? error.message : String(error));
    },
  };
  client.use(auth);
  return client;
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its data, or throws ApiError / NetworkError.
 * Every feature's api/ module goes through this, so errors reach the UI in one shape.
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}
