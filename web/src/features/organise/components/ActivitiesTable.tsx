/** Every activity the caller manages (inactive too) with capacity and counts, and the capacity chart. */
import { Link } from "react-router";

import { BarChart } from "@/components/BarChart";
import { QueryState } from "@/components/QueryState";
import { formatRange } from "@/utils/dates";

import { useManagedActivities, type ManagedActivity } from "../api/activities";

type Props = {
  slug: string;
  timeZone: string;
  activityHref: (activitySlug: string) => string;
  /** Where to edit an activity; none for organisers who may only manage signups. */
  editHref?: ((activitySlug: string) => string) | undefined;
};

export function ActivitiesTable({ slug, timeZone, activityHref, editHref }: Props) {
  const query = useManagedActivities(slug);
  return (
    <QueryState query={query} loadingLabel="Loading the activities…">
      {(activities) =>
        activities.length === 0 ? (
          <p>No activities yet.</p>
        ) : (
          <>
            <CapacityChart activities={activities} />
            <div className="table-wrap">
              <table aria-label="Activities">
                <thead>
                  <tr>
                    <th scope="col">Activity</th>
                    <th scope="col">When</th>
                    <th scope="col">Capacity</th>
                    <th scope="col">Confirmed</th>
                    <th scope="col">Waitlisted</th>
                    <th scope="col">State</th>
                    <th scope="col"><span className="visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {activities.map((activity) => (
                    <tr key={activity.slug}>
                      <td>
                        <Link to={activityHref(activity.slug)}>{activity.name}</Link>
                        <span className="muted"> · {activity.activity_type.replace(/_/g, " ")}</span>
                      </td>
                      <td>{formatRange(activity.start_time, activity.end_time, timeZone)}</td>
                      <td>{activity.max_participants ?? "Unlimited"}</td>
                      <td>{activity.signup_count}</td>
                      <td>{activity.waitlist_count}</td>
                      <td>
                        {activity.is_active ? <span className="badge badge--ok">Active</span> : <span className="badge badge--muted">Inactive</span>}
                      </td>
                      <td>
                        {editHref ? (
                          <Link to={editHref(activity.slug)} aria-label={`Edit ${activity.name}`}>
                            Edit
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
  return (
    <BarChart
      title="Confirmed and waitlisted signups per activity (dashed line: capacity)"
      rows={activities.map((activity) => ({
        label: activity.name,
        segments: [
          { label: "Confirmed", value: activity.signup_count, tone: "ok" as const },
          { label: "Waitlisted", value: activity.waitlist_count, tone: "warn" as const },
        ],
        marker: activity.max_participants === null ? undefined : { label: "Capacity", value: activity.max_participants },
      }))}
    />
  );
}
