/** /c/:slug/manage/scoring: scoring mode, one application at a time. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { ScoringMode } from "@/features/review";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.scoring} title="Scoring">
      <PageTitle>Next application</PageTitle>
      <ScoringMode slug={slug} />
    </Restricted>
  );
}
