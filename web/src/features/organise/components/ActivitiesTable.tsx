/** Every activity the caller manages (inactive too) with capacity and counts, and the capacity chart. */
import { Link } from "react-router";

import { BarChart } from "@/components/BarChart";
import { QueryState } from "@/components/QueryState";
import { useT } from "@/lib/i18n";
import { formatRange } from "@/utils/dates";

import { useManagedActivities, type ManagedActivity } from "../api/activities";
import { TYPE_WORDS } from "./labels";
import { tableRegion } from "@/components/tableRegion";

type Props = {
  slug: string;
  timeZone: string;
  activityHref: (activitySlug: string) => string;
  /** Where to edit an activity; none for organisers who may only manage signups. */
  editHref?: ((activitySlug: string) => string) | undefined;
};

export function ActivitiesTable({ slug, timeZone, activityHref, editHref }: Props) {
  const t = useT();
  const query = useManagedActivities(slug);
  return (
    <QueryState query={query} loadingLabel={t("organise.loading")}>
      {(activities) =>
        activities.length === 0 ? (
          <p>{t("organise.none")}</p>
        ) : (
          <>
            <CapacityChart activities={activities} />
            <div {...tableRegion({ label: t("organise.table") })}>
              <table aria-label={t("organise.table")}>
                <thead>
                  <tr>
                    <th scope="col">{t("organise.col.activity")}</th>
                    <th scope="col">{t("organise.col.when")}</th>
                    <th scope="col">{t("organise.col.capacity")}</th>
                    <th scope="col">{t("organise.col.confirmed")}</th>
                    <th scope="col">{t("organise.col.waitlisted")}</th>
                    <th scope="col">{t("organise.col.state")}</th>
                    <th scope="col"><span className="visually-hidden">{t("organise.col.actions")}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {activities.map((activity) => (
                    <tr key={activity.slug}>
                      <td>
                        <Link to={activityHref(activity.slug)}>{activity.name}</Link>
                        <span className="muted"> · {t(TYPE_WORDS[activity.activity_type])}</span>
                      </td>
                      <td>{formatRange(activity.start_time, activity.end_time, timeZone)}</td>
                      <td>{activity.max_participants ?? t("organise.unlimited")}</td>
                      <td>{activity.signup_count}</td>
                      <td>{activity.waitlist_count}</td>
                      <td>
                        {activity.is_active ? <span className="badge badge--ok">{t("organise.active")}</span> : <span className="badge badge--muted">{t("organise.inactive")}</span>}
                      </td>
                      <td>
                        {editHref ? (
                          <Link to={editHref(activity.slug)} aria-label={t("organise.editNamed", { name: activity.name })}>
                            {t("organise.edit")}
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
      }
    </QueryState>
  );
}

function CapacityChart({ activities }: { activities: ManagedActivity[] }) {
  const t = useT();
  return (
    <BarChart
      title={t("organise.chart")}
      rows={activities.map((activity) => ({
        label: activity.name,
        segments: [
          { label: t("organise.col.confirmed"), value: activity.signup_count, tone: "ok" as const },
          { label: t("organise.col.waitlisted"), value: activity.waitlist_count, tone: "warn" as const },
        ],
        marker: activity.max_participants === null ? undefined : { label: t("organise.col.capacity"), value: activity.max_participants },
      }))}
    />
  );
}
