/** /c/:slug/manage/activities/:activitySlug: the activity's signups dashboard. */
import { Link, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useConference } from "@/features/conference";
import { SignupsDashboard, useManagedActivities } from "@/features/organise";
import { useAuth } from "@/lib/auth/context";
import { formatRange } from "@/utils/dates";
import { useT } from "@/lib/i18n";

export function Component() {
  const t = useT();
  const { slug = "", activitySlug = "" } = useParams();
  const { can } = useAuth();
  const activities = useManagedActivities(slug);
  const conference = useConference(slug);
  const activity = activities.data?.find((a) => a.slug === activitySlug);
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/c/${slug}/manage/activities`}>{t("console.activity.all")}</Link>
      </p>
      <PageTitle>{activity ? t("console.activity.titleNamed", { name: activity.name }) : t("console.activity.title")}</PageTitle>
      {activity && conference.data ? (
        <p className="muted">
          {t("console.activity.facts", {
            when: formatRange(activity.start_time, activity.end_time, conference.data.timezone),
            capacity: activity.max_participants ?? 0,
            limited: String(activity.max_participants !== null),
            active: String(activity.is_active),
          })}
          {can("manage_activity") ? (
            <>
              {" · "}
              <Link to={`/c/${slug}/manage/activities/${activitySlug}/edit`}>{t("console.activity.edit")}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <SignupsDashboard slug={slug} activitySlug={activitySlug} />
    </>
  );
}
