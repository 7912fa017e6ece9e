/** /c/:slug/manage/allocation: the committee's proposed allocation and the offers it leads to. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { AllocationPlanner } from "@/features/review";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.allocation} title={t("console.area.allocation")}>
      <PageTitle>{t("console.area.allocation")}</PageTitle>
      <p className="notice">
        {t("console.allocation.intro")}
      </p>
      <AllocationPlanner slug={slug} grantHref={(id) => `/c/${slug}/manage/grants/${id}`} />
    </Restricted>
  );
}
