/** "Add to calendar": the activity's `.ics` file (calendar apps open it; shown only when it has a time). */
import type { ActivityDetail } from "../api/activities";
import { activityCalendarUrl } from "../api/calendars";

type Props = { apiUrl: string; slug: string; activity: Pick<ActivityDetail, "slug" | "name" | "start_time"> };

export function AddToCalendar({ apiUrl, slug, activity }: Props) {
  if (!activity.start_time) return null;
  return (
    <p>
      <a className="button button--secondary" href={activityCalendarUrl(apiUrl, slug, activity.slug)}
        aria-label={`Add to calendar: ${activity.name} (.ics file)`}>
        Add to calendar
      </a>
    </p>
  );
}
