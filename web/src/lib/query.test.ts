import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { storeAnswer } from "./query";

const key = ["grant", "pycon"];

/** A refetch in flight, sent before the write: it will answer "not applied yet" (null). */
function fetchInFlight(queryClient: QueryClient) {
  let answer: (value: string | null) => void = () => undefined;
  const done = queryClient.query({
    queryKey: key,
    queryFn: () => new Promise<string | null>((resolve) => (answer = resolve)),
  });
  return { answerOld: () => answer(null), done };
}

describe("storeAnswer", () => {
  it("keeps a write's answer when a fetch that started before the write finishes after it", async () => {
    const queryClient = new QueryClient();
    const old = fetchInFlight(queryClient);

    await storeAnswer<string | null>(queryClient, key, "submitted");
    old.answerOld();
    await old.done.catch(() => undefined); // cancelled: its answer is dropped

    expect(queryClient.getQueryData(key)).toBe("submitted");
  });

  it("without it, the late fetch would have put the old answer back", async () => {
    const queryClient = new QueryClient();
    const old = fetchInFlight(queryClient);

    queryClient.setQueryData(key, "submitted");
    old.answerOld();
    await old.done;

    expect(queryClient.getQueryData(key)).toBeNull();
  });

  it("applies an updater to the cached value", async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(["detail"], { status: "offered", version: 1 });
    await storeAnswer<{ status: string; version: number }>(queryClient, ["detail"], (old) =>
      old ? { ...old, version: 2 } : old,
    );
    expect(queryClient.getQueryData(["detail"])).toEqual({ status: "offered", version: 2 });
  });
});
