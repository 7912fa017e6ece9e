import { render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { describe, expect, it } from "vitest";

import { useArrivalNotice } from "./notice";

function Page() {
  const notice = useArrivalNotice();
  const state: unknown = useLocation().state;
  return (
    <>
      <p>notice: {notice ?? "none"}</p>
      <p>history state: {state === null || state === undefined ? "cleared" : "kept"}</p>
    </>
  );
}

function at(entry: { pathname: string; state?: unknown }) {
  return render(
    <MemoryRouter initialEntries={[entry]}>
      <Routes>
        <Route path="/grant" element={<Page />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe("useArrivalNotice", () => {
  it("shows the notice it arrived with and clears it from history, so a reload does not repeat it", async () => {
    at({ pathname: "/grant", state: { notice: "Your application is sent." } });
    await waitFor(() => expect(screen.getByText("history state: cleared")).toBeTruthy());
    expect(screen.getByText("notice: Your application is sent.")).toBeTruthy();
  });

  it("shows nothing without one", () => {
    at({ pathname: "/grant" });
    expect(screen.getByText("notice: none")).toBeTruthy();
  });
});
