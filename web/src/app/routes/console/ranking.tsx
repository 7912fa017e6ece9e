/** /c/:slug/manage/ranking: the committee's ranking by calibrated score. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useConference } from "@/features/conference";
import { RankingTable } from "@/features/review";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const { slug = "" } = useParams();
  const conference = useConference(slug);
  return (
    <Restricted anyOf={AREA_PERMISSIONS.ranking} title="Ranking">
      <PageTitle>Ranking</PageTitle>
      <RankingTable slug={slug} scale={conference.data?.review.scale ?? 5} grantHref={(id) => `/c/${slug}/manage/grants/${id}`} />
    </Restricted>
  );
}
