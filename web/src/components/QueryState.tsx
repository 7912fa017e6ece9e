/** Loading and error states of a query, so every page words them the same way. */
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { ErrorMessage } from "./ErrorMessage";
import { Spinner } from "./Spinner";

type Props<T> = {
  query: UseQueryResult<T>;
  loadingLabel?: string;
  children: (data: T) => ReactNode;
};

export function QueryState<T>({ query, loadingLabel, children }: Props<T>) {
  if (query.isPending) return <Spinner label={loadingLabel} />;
  if (query.isError) return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
