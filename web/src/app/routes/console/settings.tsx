/** /c/:slug/manage/settings: the conference's settings and the Pretalx sync. */
import { Link, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { ConferenceForm, PretalxSync, useManagedConference } from "@/features/settings";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.settings} title={t("console.settings.title")}>
      <Settings slug={slug} />
    </Restricted>
  );
}

function Settings({ slug }: { slug: string }) {
  const t = useT();
  const conference = useManagedConference(slug);
  return (
    <>
      <PageTitle>{t("console.settings.title")}</PageTitle>
      <p>
        <Link to={`/c/${slug}/manage/conferences/new`}>{t("console.settings.another")}</Link>
      </p>
      <QueryState query={conference} loadingLabel={t("console.settings.loading")}>
        {(data) => (
          <>
            <ConferenceForm key={data.slug} conference={data} onSaved={() => undefined} />
            <PretalxSync slug={slug} configured={data.pretalx !== null} />
          </>
        )}
      </QueryState>
    </>
  );
}
