/** /c/:slug/manage/activities/new: "Create activity". */
import { useNavigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { useConference } from "@/features/conference";
import { ActivityForm } from "@/features/organise";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  const navigate = useNavigate();
  const conference = useConference(slug);
  return (
    <Restricted anyOf={AREA_PERMISSIONS.activities} title={t("console.activityNew.title")}>
      <PageTitle>{t("console.activityNew.title")}</PageTitle>
      {conference.data ? (
        <ActivityForm slug={slug} timeZone={conference.data.timezone} onSaved={(a) => void navigate(`/c/${slug}/manage/activities/${a.slug}`)} />
      ) : (
        <Spinner />
      )}
    </Restricted>
  );
}
