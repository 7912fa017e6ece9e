/** "Sync now": runs the Pretalx sync and says what the conference now holds, or why it failed. */
import { ErrorMessage } from "@/components/ErrorMessage";

import { usePretalxSync } from "../api/conference";

export function PretalxSync({ slug, configured }: { slug: string; configured: boolean }) {
  const sync = usePretalxSync(slug);
  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">Pretalx sync</h2>
      <p className="muted">
        {configured
          ? "The sync also runs on a schedule. Run it now to fetch rooms, talks and the schedule straight away."
          : "Save the Pretalx settings above first."}
      </p>
      <button type="button" className="button button--secondary" disabled={sync.isPending} onClick={() => sync.mutate()}>
        Sync now
      </button>
      <div aria-live="polite">
        {sync.isPending ? <p>Syncing with Pretalx…</p> : null}
        {sync.isSuccess ? (
          <p className="notice notice--ok">
            Synced. The conference now holds {sync.data.rooms} rooms, {sync.data.talks} talks, {sync.data.schedule_slots} schedule
            slots and {sync.data.activities} activities from Pretalx.
          </p>
        ) : null}
      </div>
      {sync.isError ? <ErrorMessage title="The sync failed." error={sync.error} onRetry={() => sync.mutate()} /> : null}
    </section>
  );
}
