/**
 * /c/:slug/manage/activities: every activity with its counts (for `manage_activity`), or
 * just the ones the user organises (the API decides which).
 */
import { Link, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { Spinner } from "@/components/Spinner";
import { useConference } from "@/features/conference";
import { ActivitiesTable } from "@/features/organise";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  const { can } = useAuth();
  const conference = useConference(slug);
  const manager = can("manage_activity");
  return (
    <>
      <PageTitle>{manager ? t("console.activities.title") : t("console.activities.yours")}</PageTitle>
      {manager ? (
        <p>
          <Link className="button" to={`/c/${slug}/manage/activities/new`}>
            {t("console.activityNew.title")}
          </Link>
        </p>
      ) : null}
      {conference.data ? (
        <ActivitiesTable
          slug={slug}
          timeZone={conference.data.timezone}
          activityHref={(a) => `/c/${slug}/manage/activities/${a}`}
          editHref={manager ? (a) => `/c/${slug}/manage/activities/${a}/edit` : undefined}
        />
      ) : (
        <Spinner />
      )}
    </>
  );
}
