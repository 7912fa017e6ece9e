/** /c/:slug/manage/allocation: the committee's proposed allocation and the offers it leads to. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { AllocationPlanner } from "@/features/review";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.allocation} title="Allocation">
      <PageTitle>Allocation</PageTitle>
      <p className="notice">
        Propose which applications to fund: the highest total of mean scores that fits the budget and the floors you set.
        Nothing changes until you make the offers.
      </p>
      <AllocationPlanner slug={slug} grantHref={(id) => `/c/${slug}/manage/grants/${id}`} />
    </Restricted>
  );
}
