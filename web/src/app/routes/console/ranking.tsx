/** /c/:slug/manage/ranking: the committee's ranking by calibrated score. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useConference } from "@/features/conference";
import { RankingTable } from "@/features/review";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  const conference = useConference(slug);
  return (
    <Restricted anyOf={AREA_PERMISSIONS.ranking} title={t("console.area.ranking")}>
      <PageTitle>{t("console.area.ranking")}</PageTitle>
      <RankingTable slug={slug} scale={conference.data?.review.scale ?? 5} grantHref={(id) => `/c/${slug}/manage/grants/${id}`} />
    </Restricted>
  );
}
