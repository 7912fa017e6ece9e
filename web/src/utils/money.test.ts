import { describe, expect, it } from "vitest";

import { formatCents, formatMoney, moneyProblem, sumMoney, toCents } from "./money";

describe("money", () => {
  it("adds in cents, so 0.10 + 0.20 is 0.30", () => {
    expect(sumMoney("0.10", "0.20")).toBe("0.30");
    expect(sumMoney("1200", "350.5", "")).toBe("1550.50");
    expect(sumMoney("12.345")).toBeNull();
  });

  it("mirrors the API's rule: at most two decimals, never negative", () => {
    expect(toCents("12.5")).toBe(1250);
    expect(moneyProblem("-1")).toMatch(/zero or more/);
    expect(moneyProblem("1.234")).toMatch(/two decimals/);
    expect(moneyProblem("abc")).toMatch(/two decimals/);
    expect(moneyProblem("1500.00")).toBeNull();
  });

  it("shows amounts as currency", () => {
    expect(formatMoney("1500.00")).toBe("$1,500.00");
  });
});

describe("formatCents", () => {
  it("formats integer cents as dollars without float artefacts", () => {
    expect(formatCents(0)).toBe("$0.00");
    expect(formatCents(123456)).toBe("$1,234.56");
    expect(formatCents(1)).toBe("$0.01");
    expect(formatCents(-2550)).toBe("-$25.50");
  });
});
