import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { BarChart, MIN_SEGMENT_PX, percent } from "./BarChart";

const budget = [
  {
    label: "Budget",
    valueText: "0.7% committed",
    segments: [
      { label: "Committed", value: 7, tone: "brand" as const },
      { label: "Remaining", value: 993, tone: "muted" as const },
    ],
  },
];

describe("BarChart", () => {
  it("draws labels and values as page text, not inside a scaled SVG", () => {
    const { container } = render(
      <BarChart title="Signups" rows={[{ label: "Open space: Python in science", segments: [{ label: "Confirmed", value: 3, tone: "ok" }] }]} />,
    );
    expect(container.querySelector("svg")).toBeNull();
    const label = container.querySelector(".chart__label");
    expect(label?.textContent).toBe("Open space: Python in science"); // whole, never cut to fit a viewBox
    expect(container.querySelector(".chart__value")?.textContent).toBe("3");
  });

  it("keeps a small share visible and says it in words", () => {
    const { container } = render(<BarChart title="Budget" rows={budget} max={1000} />);
    const [committed, remaining] = Array.from(container.querySelectorAll<HTMLElement>(".chart__bar"));
    expect(committed?.style.width).toBe("0.7%");
    expect(committed?.style.minWidth).toBe(`${MIN_SEGMENT_PX}px`);
    expect(committed?.dataset.tone).toBe("brand");
    expect(remaining?.style.width).toBe("99.3%");
    expect(container.querySelector(".chart__value")?.textContent).toBe("0.7% committed");
  });

  it("gives empty segments no width and places the marker on the scale", () => {
    const { container } = render(
      <BarChart
        title="Capacity"
        rows={[{ label: "Sprint", segments: [{ label: "Confirmed", value: 0, tone: "ok" }], marker: { label: "Capacity", value: 20 } }]}
        max={40}
      />,
    );
    const bar = container.querySelector<HTMLElement>(".chart__bar");
    expect(bar?.style.width).toBe("0%");
    expect(bar?.style.minWidth).toBe("0px");
    expect(container.querySelector<HTMLElement>(".chart__marker")?.style.left).toContain("50%");
  });

  it("gives every number in a table for screen readers", () => {
    render(<BarChart title="Budget" rows={budget} format={(v) => `$${v}`} />);
    const table = screen.getByRole("table", { name: "Budget" });
    expect(within(table).getByRole("rowheader", { name: "Budget" })).toBeTruthy();
    expect(within(table).getByText("$7")).toBeTruthy();
    expect(within(table).getByText("$993")).toBeTruthy();
  });

  it("computes shares safely", () => {
    expect(percent(5, 0)).toBe(0);
    expect(percent(-1, 10)).toBe(0);
    expect(percent(20, 10)).toBe(100);
    expect(percent(Number.NaN, 10)).toBe(0);
  });
});
