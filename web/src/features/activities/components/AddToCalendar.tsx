/** "Add to calendar": the activity's `.ics` file (calendar apps open it; shown only when it has a time). */
import { useT } from "@/lib/i18n";

import type { ActivityDetail } from "../api/activities";
import { activityCalendarUrl } from "../api/calendars";

type Props = { apiUrl: string; slug: string; activity: Pick<ActivityDetail, "slug" | "name" | "start_time"> };

export function AddToCalendar({ apiUrl, slug, activity }: Props) {
  const t = useT();
  if (!activity.start_time) return null;
  return (
    <p>
      <a className="button button--secondary" href={activityCalendarUrl(apiUrl, slug, activity.slug)}
        aria-label={t("activity.calendar.addNamed", { name: activity.name })}>
        {t("activity.calendar.add")}
      </a>
    </p>
  );
}
