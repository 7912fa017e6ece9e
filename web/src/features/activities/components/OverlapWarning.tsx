/**
 * Before joining: a warning when the activity overlaps one the person is confirmed for or
 * waiting for (from /my/signups and the activity list's times). Joining stays possible.
 */
import { useRich, useT } from "@/lib/i18n";

import { useActivities, useMySignups, type ActivityDetail } from "../api/activities";
import { clashingSignups } from "../api/calendars";

type Props = { slug: string; activity: ActivityDetail; signedIn: boolean };

export function OverlapWarning({ slug, activity, signedIn }: Props) {
  const t = useT();
  const rich = useRich();
  const before = signedIn && !activity.my_signup && Boolean(activity.start_time && activity.end_time);
  const mine = useMySignups(slug, before);
  const list = useActivities(slug, "");
  if (!before || !mine.data || !list.data) return null;
  const clashes = clashingSignups(activity, list.data, [...mine.data.values()]);
  if (clashes.length === 0) return null;
  return (
    <div className="notice notice--warn" role="note" aria-label={t("overlap.label")}>
      <p>{rich("overlap.title", { count: clashes.length, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <ul>
        {clashes.map((signup) => (
          <li key={signup.id}>{t("overlap.item", { name: signup.activity_name, status: signup.status })}</li>
        ))}
      </ul>
      <p>{t("overlap.still")}</p>
    </div>
  );
}
