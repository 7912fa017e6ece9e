/** /c/:slug/manage/report: counts and money by group, and the grants CSV. */
import { useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { GrantReport } from "@/features/review";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

export function Component() {
  const { slug = "" } = useParams();
  return (
    <Restricted anyOf={AREA_PERMISSIONS.report} title="Report">
      <PageTitle>Report</PageTitle>
      <GrantReport slug={slug} />
    </Restricted>
  );
}
