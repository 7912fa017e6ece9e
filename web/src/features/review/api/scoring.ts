/**
 * The committee's scoring API: the next application to score, a score (with comments), a
 * declared conflict, the ranking, the report and the grants CSV.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";
import { consoleGrantKeys } from "@/lib/query";

import type { GrantDetail, GrantStatus } from "./grants";

export type ScoreBody = Schemas["ScoreIn"];
export type ScoreSummary = Schemas["ScoreSummary"];
export type RankingRow = Schemas["RankingRow"];
export type GrantReport = Schemas["GrantReportOut"];
export type ReportRow = Schemas["ReportRow"];

const keys = {
  next: (slug: string) => [...consoleGrantKeys.all(slug), "next-to-score"] as const,
  ranking: (slug: string, status: GrantStatus | null) => [...consoleGrantKeys.all(slug), "ranking", status ?? "all"] as const,
  report: (slug: string) => [...consoleGrantKeys.all(slug), "report"] as const,
};

/** The next application the caller may score (fewest scores first), or null when none is left. */
export function useNextToScore(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.next(slug),
    queryFn: async (): Promise<GrantDetail | null> => {
      // The schema types only the 200; a 204 (nothing to score) has no body.
      const answer = await unwrap<GrantDetail | undefined>(
        api.GET("/manage/conferences/{slug}/travel-grants/next-to-score", { params: { path: { slug } } }),
      );
      return answer ?? null; // 204: nothing left to score
    },
    staleTime: Infinity,
  });
}

export function useSaveScore(slug: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ grantId, body }: { grantId: string; body: ScoreBody }) =>
      unwrap(
        api.PUT("/manage/conferences/{slug}/travel-grants/{grant_id}/score", {
          params: { path: { slug, grant_id: grantId } },
          body,
        }),
      ),
    onSettled: (_data, _error, { grantId }) =>
      queryClient.invalidateQueries({ queryKey: consoleGrantKeys.detail(slug, grantId) }),
  });
}

export function useDeclareConflict(slug: string) {
  const api = useApi();
  return useMutation({
    mutationFn: ({ grantId, reason }: { grantId: string; reason: string }) =>
      unwrap(
        api.PUT("/manage/conferences/{slug}/travel-grants/{grant_id}/conflict", {
          params: { path: { slug, grant_id: grantId } },
          body: { reason },
        }),
      ),
  });
}

export function useRanking(slug: string, status: GrantStatus | null) {
  const api = useApi();
  return useQuery({
    queryKey: keys.ranking(slug, status),
    queryFn: () =>
      unwrap(
        api.GET("/manage/conferences/{slug}/travel-grants/ranking", {
          params: { path: { slug }, query: status ? { status } : {} },
        }),
      ),
  });
}

export function useReport(slug: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.report(slug),
    queryFn: () => unwrap(api.GET("/manage/conferences/{slug}/travel-grants/report", { params: { path: { slug } } })),
  });
}

/** Downloads the grants CSV with the caller's token (a plain link could not send it). */
export function useDownloadGrantsCsv(slug: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async () => {
      const blob = await unwrap(
        api.GET("/manage/conferences/{slug}/travel-grants.csv", { params: { path: { slug } }, parseAs: "blob" }),
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `${slug}-travel-grants.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}

/** Score counts per value 1..scale over ranking rows' means (rounded), for the distribution chart. */
export function scoreDistribution(rows: readonly RankingRow[], scale: number): { value: number; count: number }[] {
  const counts = Array.from({ length: scale }, (_, i) => ({ value: i + 1, count: 0 }));
  for (const row of rows) {
    const mean = Number(row.scores.mean);
    if (!Number.isFinite(mean)) continue;
    const bucket = Math.min(scale, Math.max(1, Math.round(mean)));
    const entry = counts[bucket - 1];
    if (entry) entry.count += 1;
  }
  return counts;
}
