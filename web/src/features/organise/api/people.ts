/** People the conference knows (signups, applicants, reviewers), searched by the start of a name or e-mail. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { unwrap, type Schemas } from "@/lib/api/client";
import { useApi } from "@/lib/api/context";

export type Person = Schemas["PersonOut"];
/** The server refuses shorter searches (they would match most of the conference). */
export const MIN_SEARCH_CHARS = 2;

export function usePeopleSearch(slug: string, text: string) {
  const api = useApi();
  const q = text.trim();
  return useQuery({
    queryKey: ["console", slug, "people", q.toLowerCase()] as const,
    queryFn: async () =>
      (await unwrap(api.GET("/manage/conferences/{slug}/people", { params: { path: { slug }, query: { q } } }))).people,
    enabled: q.length >= MIN_SEARCH_CHARS,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
