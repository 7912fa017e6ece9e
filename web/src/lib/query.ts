/** TanStack Query defaults: refetch on focus, retry only what a retry can fix. */
import { QueryClient, type QueryKey, type Updater } from "@tanstack/react-query";

import { ApiError, isRetryable } from "./api/errors";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => failures < 2 && isRetryable(error),
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
      },
      mutations: {
        // Never silently repeat a write: the user gets a "Try again" button instead.
        retry: false,
      },
    },
  });
}

/**
 * Where the console caches grants. Reviewing, paying and receipt decisions all change a grant,
 * and features may not import one another, so the shared prefix lives here, defined once.
 */
export const consoleGrantKeys = {
  all: (slug: string) => ["console", slug, "grants"] as const,
  detail: (slug: string, grantId: string) => ["console", slug, "grants", "detail", grantId] as const,
};

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * Put a write's answer into the cache. A fetch of the same key that started before the write
 * (the refetch after signing in again, a window-focus refetch) would otherwise land after it and
 * put the old answer back, e.g. "You have not applied yet" right after applying. So cancel it
 * first; the mutation waits for this before its caller's `onSuccess` runs (and navigates).
 */
export async function storeAnswer<T>(
  queryClient: QueryClient,
  queryKey: QueryKey,
  update: Updater<T | undefined, T | undefined>,
): Promise<void> {
  await queryClient.cancelQueries({ queryKey, exact: true });
  queryClient.setQueryData<T>(queryKey, update);
}
