/** /c/:slug/manage/report: counts and money by group, and the grants CSV. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { GrantReport } from "@/features/review";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.report} title={t("console.area.report")}>
      <PageTitle>{t("console.area.report")}</PageTitle>
      <GrantReport slug={slug} />
    </Restricted>
  );
}
