import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { storeAnswer } from "./query";

describe("storeAnswer", () => {
  it("keeps a write's answer when a fetch that started before the write finishes after it", async () => {
    const queryClient = new QueryClient();
    const key = ["grant", "pycon"];
    let answerOldFetch: (value: string | null) => void = () => undefined;
    // A refetch in flight: it was sent before the write, so it answers "not applied yet".
    const inFlight = queryClient.query({
      queryKey: key,
      queryFn: () => new Promise<string | null>((resolve) => (answerOldFetch = resolve)),
    });

    await storeAnswer<string | null>(queryClient, key, "submitted");
    answerOldFetch(null);
    await inFlight.catch(() => undefined); // cancelled: its answer is dropped

    expect(queryClient.getQueryData(key)).toBe("submitted");
  });

  it("without it, the late fetch would have put the old answer back", async () => {
    const queryClient = new QueryClient();
    const key = ["grant", "pycon"];
    let answerOldFetch: (value: string | null) => void = () => undefined;
    const inFlight = queryClient.query({
      queryKey: key,
      queryFn: () => new Promise<string | null>((resolve) => (answerOldFetch = resolve)),
    });

    queryClient.setQueryData(key, "submitted");
    answerOldFetch(null);
    await inFlight;

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
