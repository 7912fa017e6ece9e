/** /c/:slug/manage/settings: the conference's settings and the Pretalx sync. */
import { Link, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { ConferenceForm, PretalxSync, useManagedConference } from "@/features/settings";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.settings} title="Conference settings">
      <Settings slug={slug} />
    </Restricted>
  );
}

function Settings({ slug }: { slug: string }) {
  const conference = useManagedConference(slug);
  return (
    <>
      <PageTitle>Conference settings</PageTitle>
      <p>
        <Link to={`/c/${slug}/manage/conferences/new`}>Create another conference</Link>
      </p>
      <QueryState query={conference} loadingLabel="Loading the settings…">
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
