import { describe, expect, it } from "vitest";

import { scoreDistribution, type RankingRow } from "../api/scoring";
import { sortRanking } from "./RankingTable";
import { scoreForKey } from "./ScoringMode";

const row = (rank: number, mean: string, count: number, requested: string): RankingRow => ({
  rank, grant_id: `g${rank}`, user: null, status: "submitted", request_type: "ticket_and_grant",
  requested_amount: requested, scores: { count, mean, calibrated: "0.000" }, first_time: null, international: false,
});

describe("scoring by keyboard", () => {
  it("maps 1…N to scores and 0 to 10 on a ten-point scale", () => {
    expect(scoreForKey("3", 5)).toBe(3);
    expect(scoreForKey("6", 5)).toBeNull();
    expect(scoreForKey("0", 10)).toBe(10);
    expect(scoreForKey("0", 5)).toBeNull();
    expect(scoreForKey("a", 5)).toBeNull();
  });
});

describe("ranking table", () => {
  const rows = [row(1, "3.00", 2, "100.00"), row(2, "4.50", 3, "900.00"), row(3, "4.50", 1, "50.00")];
  it("keeps the API's rank by default and sorts by mean, count or amount (rank breaks ties)", () => {
    expect(sortRanking(rows, "rank").map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(sortRanking(rows, "mean").map((r) => r.rank)).toEqual([2, 3, 1]);
    expect(sortRanking(rows, "count").map((r) => r.rank)).toEqual([2, 1, 3]);
    expect(sortRanking(rows, "requested").map((r) => r.rank)).toEqual([2, 1, 3]);
  });
  it("counts mean scores per rounded value for the chart", () => {
    expect(scoreDistribution(rows, 5).map((d) => d.count)).toEqual([0, 0, 1, 0, 2]);
  });
});
