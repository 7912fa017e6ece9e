import { useParams } from "react-router";

import { QueryState } from "@/components/QueryState";
import { ActivityDetailView } from "@/features/activities";
import { useConference } from "@/features/conference";
import { useAuth } from "@/lib/auth/context";

export function Component() {
  const { slug = "", activitySlug = "" } = useParams();
  const conference = useConference(slug);
  const { session, config } = useAuth();
  return (
    <QueryState query={conference}>
      {(c) => (
        <ActivityDetailView slug={slug} activitySlug={activitySlug} timeZone={c.timezone} signedIn={Boolean(session)}
          apiUrl={config.apiUrl} />
      )}
    </QueryState>
  );
}
