/** /c/:slug/manage/activities/:activitySlug/edit: "Save activity". */
import { useNavigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { ErrorMessage } from "@/components/ErrorMessage";
import { useConference } from "@/features/conference";
import { ActivityForm, useManagedActivities } from "@/features/organise";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "", activitySlug = "" } = useParams();
  const navigate = useNavigate();
  const conference = useConference(slug);
  const activities = useManagedActivities(slug);
  const activity = activities.data?.find((a) => a.slug === activitySlug);
  return (
    <Restricted anyOf={AREA_PERMISSIONS.activities} title={t("console.activityEdit.title")}>
      <PageTitle>{activity ? t("console.activityEdit.titleNamed", { name: activity.name }) : t("console.activityEdit.title")}</PageTitle>
      {activities.isError ? <ErrorMessage error={activities.error} onRetry={() => void activities.refetch()} /> : null}
      {activities.data && !activity ? <p>{t("console.activityEdit.missing")}</p> : null}
      {activity && conference.data ? (
        <ActivityForm
          slug={slug}
          timeZone={conference.data.timezone}
          activity={activity}
          onSaved={(a) => void navigate(`/c/${slug}/manage/activities/${a.slug}`)}
        />
      ) : activities.isPending || conference.isPending ? (
        <Spinner />
      ) : null}
    </Restricted>
  );
}
