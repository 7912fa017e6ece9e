/** /c/:slug/manage/payouts: the grants ready for disbursement. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { ReadyGrantList } from "@/features/payouts";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.payouts} title="Payouts">
      <PageTitle>Payouts</PageTitle>
      <p>Open a grant to reveal its payment details and record the disbursement.</p>
      <ReadyGrantList slug={slug} grantHref={(id) => `/c/${slug}/manage/grants/${id}`} />
    </Restricted>
  );
}
