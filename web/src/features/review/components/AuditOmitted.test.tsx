import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { GrantDetail } from "../api/grants";
import { AuditTimeline } from "./AuditTimeline";

const entry = { id: "a1", actor_sub: "payer", actor_name: "Pat Payer", action: "payment_details_read", details: {},
  created_at: "2026-12-04T10:00:00Z" };

describe("the audit timeline", () => {
  it("says how many older entries the answer left out", () => {
    render(<AuditTimeline grant={{ audit: [entry], audit_omitted: 1200, user: null } as unknown as GrantDetail} />);
    expect(screen.getByText("1,200 older entries are not shown here: the trail lists the newest.")).toBeTruthy();
    expect(screen.getAllByRole("listitem")).toHaveLength(1);
  });
});
