/** Renders a component with the app's providers, the API answered by a fake fetch. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";

import { createApiClient } from "@/lib/api/client";
import { ApiProvider } from "@/lib/api/context";

export type Answer = { status?: number; body: unknown };

/**
 * `answers` maps "METHOD /path" to a reply, or to replies given in turn (the last one
 * repeats); anything else is a 404 in the API's shape.
 */
export function renderWithApi(ui: ReactNode, answers: Record<string, Answer | Answer[]>) {
  const calls: string[] = [];
  /** The JSON bodies sent, by "METHOD /path", in order. */
  const sent: { key: string; body: Promise<string> }[] = [];
  const fetchImpl = (request: Request) => {
    const key = `${request.method} ${new URL(request.url).pathname}`;
    calls.push(key);
    sent.push({ key, body: request.clone().text() });
    const given = answers[key];
    const answer = (Array.isArray(given) ? (given.length > 1 ? given.shift() : given[0]) : given) ?? {
      status: 404,
      body: { error: { code: "not_found", message: "Not found." } },
    };
    return Promise.resolve(
      new Response(JSON.stringify(answer.body), {
        status: answer.status ?? 200,
        headers: { "Content-Type": "application/json" },
      }),
    );
  };
  const client = createApiClient({ baseUrl: "http://api", getToken: () => "t", onUnauthorized: () => undefined, fetch: fetchImpl as typeof fetch });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <MemoryRouter>
      <ApiProvider client={client}>
        <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
      </ApiProvider>
    </MemoryRouter>,
  );
  const bodies = async (key: string): Promise<unknown[]> =>
    Promise.all(sent.filter((s) => s.key === key).map(async (s) => {
      const text = await s.body;
      return text ? JSON.parse(text) as unknown : null;
    }));
  return { ...view, calls, bodies };
}
