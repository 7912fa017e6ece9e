/** "Sync now": runs the Pretalx sync and says what the conference now holds, or why it failed. */
import { ErrorMessage } from "@/components/ErrorMessage";
import { useT } from "@/lib/i18n";

import { usePretalxSync } from "../api/conference";

export function PretalxSync({ slug, configured }: { slug: string; configured: boolean }) {
  const t = useT();
  const sync = usePretalxSync(slug);
  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">{t("pretalx.title")}</h2>
      <p className="muted">
        {configured
          ? t("pretalx.scheduled")
          : t("pretalx.saveFirst")}
      </p>
      <button type="button" className="button button--secondary" disabled={sync.isPending} onClick={() => sync.mutate()}>
        {t("pretalx.syncNow")}
      </button>
      <div aria-live="polite">
        {sync.isPending ? <p>{t("pretalx.syncing")}</p> : null}
        {sync.isSuccess ? (
          <p className="notice notice--ok">
            {t("pretalx.synced", {
              rooms: sync.data.rooms,
              talks: sync.data.talks,
              slots: sync.data.schedule_slots,
              activities: sync.data.activities,
            })}
          </p>
        ) : null}
      </div>
      {sync.isError ? <ErrorMessage title={t("pretalx.failed")} error={sync.error} onRetry={() => sync.mutate()} /> : null}
    </section>
  );
}
