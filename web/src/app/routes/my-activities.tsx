/** `/c/:slug/my/activities`: the signed-in person's signups. */
import { useParams } from "react-router";

import { MyActivities } from "@/features/activities";

export function Component() {
  const { slug = "" } = useParams();
  return <MyActivities slug={slug} />;
}
