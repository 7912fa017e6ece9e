/** /c/:slug/manage/payouts: the grants ready for disbursement. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { ReadyGrantList } from "@/features/payouts";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.payouts} title={t("console.area.payouts")}>
      <PageTitle>{t("console.area.payouts")}</PageTitle>
      <p>{t("console.payouts.intro")}</p>
      <ReadyGrantList slug={slug} grantHref={(id) => `/c/${slug}/manage/grants/${id}`} />
    </Restricted>
  );
}
