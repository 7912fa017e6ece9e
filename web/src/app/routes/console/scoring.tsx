/** /c/:slug/manage/scoring: scoring mode, one application at a time. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { ScoringMode } from "@/features/review";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.scoring} title={t("console.area.scoring")}>
      <PageTitle>{t("console.scoring.title")}</PageTitle>
      <ScoringMode slug={slug} />
    </Restricted>
  );
}
