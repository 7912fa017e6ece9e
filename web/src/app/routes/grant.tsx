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
    <>
      <div role="status" aria-live="polite">
        {notice ? <p className="notice notice--ok">{notice}</p> : null}
      </div>
      <QueryState query={conference}>{(c) => <GrantStatusPage slug={slug} maxAmount={c.max_grant_amount} timeZone={c.timezone} />}</QueryState>
    </>
  );
}
