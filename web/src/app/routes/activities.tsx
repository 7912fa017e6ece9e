import { useParams } from "react-router";

import { QueryState } from "@/components/QueryState";
import { ActivityList } from "@/features/activities";
import { useConference } from "@/features/conference";
import { useAuth } from "@/lib/auth/context";

export function Component() {
  const { slug = "" } = useParams();
  const conference = useConference(slug);
  const { session } = useAuth();
  return (
    <QueryState query={conference}>
      {(c) => <ActivityList slug={slug} timeZone={c.timezone} signedIn={Boolean(session)} />}
    </QueryState>
  );
}
