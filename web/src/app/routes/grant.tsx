import { useParams } from "react-router";

import { QueryState } from "@/components/QueryState";
import { useConference } from "@/features/conference";
import { GrantStatusPage } from "@/features/grants";
import { useArrivalNotice } from "@/lib/notice";

export function Component() {
  const { slug = "" } = useParams();
  const conference = useConference(slug);
  const notice = useArrivalNotice();
  return (
    <QueryState query={conference}>
      {(c) => (
        <GrantStatusPage
          slug={slug}
          maxAmount={c.max_grant_amount}
          notice={notice}
          open={c.features.travel_grants !== false}
          timeZone={c.timezone}
        />
      )}
    </QueryState>
  );
}
