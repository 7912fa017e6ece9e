import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";

import { createApiClient } from "@/lib/api/client";
import { ApiProvider } from "@/lib/api/context";

import { GrantList, sortGrants, type GrantSort } from "./GrantList";

const stats = {
  total: 3, submitted: 2, info_needed: 0, offered: 1, need_more: 0, accepted: 0, rejected: 0, declined: 0, withdrawn: 0,
  disbursed: 0, waitlisted: 0, expired: 0, total_requested: "3100.00", total_approved: "900.00", total_disbursed: "0.00",
};
const grant = (id: string, name: string, requested: string, created: string) => ({
  id, user: { sub: id, email: `${id}@example.com`, name }, status: "submitted", request_type: "ticket_and_grant",
  application_type: "general", requested_amount: requested, approved_amount: null, receipt_count: 0, created_at: created, updated_at: created,
  ticket_status: id === "g2" ? "failed" : id === "g1" ? "issued" : null,
});

/** The API as the list sees it: two pages joined by next_token, every request recorded. */
function fakeApi(requests: string[]) {
  return (input: Request | string | URL): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    requests.push(url.pathname + url.search);
    const second = url.searchParams.get("next_token") === "page-2";
    const owed = url.searchParams.get("ticket") === "not_issued";
    const body = {
      grants: owed ? [grant("g2", "Bo", "2000.00", "2026-02-01T00:00:00Z")]
        : second ? [grant("g3", "Cleo", "200.00", "2026-01-01T00:00:00Z")] : [grant("g1", "Ada", "900.00", "2026-03-01T00:00:00Z"), grant("g2", "Bo", "2000.00", "2026-02-01T00:00:00Z")],
      stats, budget: { budget: "10000.00", committed: "900.00", disbursed: "0.00", remaining: "9100.00" },
      next_token: second || owed ? null : "page-2",
    };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } }));
  };
}

function renderList(sort: GrantSort, requests: string[]) {
  const client = createApiClient({ baseUrl: "http://api.test", getToken: () => "t", onUnauthorized: () => undefined, fetch: fakeApi(requests) });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MemoryRouter>
      <ApiProvider client={client}>
        <QueryClientProvider client={queryClient}>
          <GrantList slug="conf" status={null} sort={sort} onStatus={() => undefined} onSort={() => undefined} grantHref={(id) => `/g/${id}`} />
        </QueryClientProvider>
      </ApiProvider>
    </MemoryRouter>,
  );
}

const names = () => within(screen.getByRole("table", { name: "All grants" })).getAllByRole("link").map((a) => a.textContent);

describe("the reviewers' grant list", () => {
  it("shows each grant's ticket and asks the API for the ones whose ticket is not issued", async () => {
    const requests: string[] = [];
    renderList("newest", requests);
    expect(await screen.findByRole("link", { name: "Ada" })).toBeTruthy();
    const rows = within(screen.getByRole("table", { name: "All grants" })).getAllByRole("row");
    expect(rows[1]?.textContent).toContain("Issued");
    expect(rows[2]?.textContent).toContain("Failed");
    await userEvent.click(screen.getByRole("checkbox", { name: "Ticket not issued" }));
    expect(await screen.findByRole("link", { name: "Bo" })).toBeTruthy();
    await waitFor(() => expect(names()).toEqual(["Bo"]));
    expect(requests.at(-1)).toContain("ticket=not_issued");
  });


  it("shows the conference-wide counts and loads the next page through next_token", async () => {
    const requests: string[] = [];
    renderList("newest", requests);
    expect(await screen.findByRole("button", { name: "Submitted 2" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "All 3" }).getAttribute("aria-pressed")).toBe("true");
    expect(names()).toEqual(["Ada", "Bo"]);
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByRole("link", { name: "Cleo" })).toBeTruthy();
    expect(names()).toEqual(["Ada", "Bo", "Cleo"]);
    expect(requests[1]).toContain("next_token=page-2");
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("sorts the loaded grants by requested amount", async () => {
    renderList("requested_desc", []);
    await screen.findByRole("link", { name: "Ada" });
    expect(names()).toEqual(["Bo", "Ada"]);
  });

  it("gives every chart its numbers as a table", async () => {
    renderList("newest", []);
    const budget = await screen.findByRole("figure", { name: /Budget: \$10,000\.00/ });
    expect(within(budget).getByRole("table").textContent).toContain("$9,100.00");
    const statuses = screen.getByRole("figure", { name: /Applications by status/ });
    expect(within(statuses).getByRole("row", { name: /Submitted/ }).textContent).toContain("2");
  });

  it("sorts open offers by deadline, soonest first", () => {
    const offer = (id: string, respondBy: string | null) => ({ ...grant(id, id, "100.00", "2026-01-01T00:00:00Z"), respond_by: respondBy });
    const sorted = sortGrants([offer("none", null), offer("late", "2026-06-30T23:59:59Z"), offer("soon", "2026-06-01T23:59:59Z")] as never, "deadline");
    expect(sorted.map((g) => g.id)).toEqual(["soon", "late", "none"]);
  });

  it("draws the over-commitment limit when offers may commit more than the budget", async () => {
    const requests: string[] = [];
    const client = createApiClient({
      baseUrl: "http://api.test", getToken: () => "t", onUnauthorized: () => undefined,
      fetch: () => Promise.resolve(new Response(JSON.stringify({
        grants: [], stats, budget: { budget: "10000.00", committed: "900.00", disbursed: "0.00", remaining: "9100.00", limit: "11000.00" },
        next_token: null,
      }), { status: 200, headers: { "Content-Type": "application/json" } })),
    });
    render(
      <MemoryRouter>
        <ApiProvider client={client}>
          <QueryClientProvider client={new QueryClient()}>
            <GrantList slug="py" status={null} sort="newest" onStatus={() => undefined} onSort={() => undefined} grantHref={(id) => id} />
          </QueryClientProvider>
        </ApiProvider>
      </MemoryRouter>,
    );
    const budget = await screen.findByRole("figure", { name: /Budget: \$10,000\.00/ });
    expect(within(budget).getByRole("table").textContent).toContain("Over-commitment limit");
    expect(budget.textContent).toContain("offers may commit up to $11,000.00");
    expect(requests).toEqual([]);
  });
});
