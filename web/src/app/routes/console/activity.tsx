/** /c/:slug/manage/activities/:activitySlug: the activity's signups dashboard. */
import { Link, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useConference } from "@/features/conference";
import { SignupsDashboard, useManagedActivities } from "@/features/organise";
import { useAuth } from "@/lib/auth/context";
import { formatRange } from "@/utils/dates";

export function Component() {
  const { slug = "", activitySlug = "" } = useParams();
  const { can } = useAuth();
  const activities = useManagedActivities(slug);
  const conference = useConference(slug);
  const activity = activities.data?.find((a) => a.slug === activitySlug);
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/c/${slug}/manage/activities`}>All activities</Link>
      </p>
      <PageTitle>{activity ? `Signups: ${activity.name}` : "Signups"}</PageTitle>
      {activity && conference.data ? (
        <p className="muted">
          {formatRange(activity.start_time, activity.end_time, conference.data.timezone)} · capacity{" "}
          {activity.max_participants ?? "unlimited"} · {activity.is_active ? "active" : "inactive"}
          {can("manage_activity") ? (
            <>
              {" · "}
              <Link to={`/c/${slug}/manage/activities/${activitySlug}/edit`}>Edit the activity</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <SignupsDashboard slug={slug} activitySlug={activitySlug} />
    </>
  );
}
