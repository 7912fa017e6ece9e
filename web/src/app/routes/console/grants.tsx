/** /c/:slug/manage/grants: the reviewers' list; the filter and the sort live in the address. */
import { useParams, useSearchParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useConference } from "@/features/conference/api/conference";
import { GrantList, STATUSES, type GrantSort, type GrantStatus } from "@/features/review";
import { useT } from "@/lib/i18n";

import { AREA_PERMISSIONS } from "./access";
import { Restricted } from "./Restricted";

const SORTS: readonly GrantSort[] = ["newest", "oldest", "requested_desc", "requested_asc", "deadline"];

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const conference = useConference(slug);
  const statusParam = params.get("status");
  const status = STATUSES.includes(statusParam as GrantStatus) ? (statusParam as GrantStatus) : null;
  const sortParam = params.get("sort") as GrantSort | null;
  const sort = sortParam && SORTS.includes(sortParam) ? sortParam : "newest";
  const update = (next: { status?: GrantStatus | null; sort?: GrantSort }) => {
    const merged = new URLSearchParams(params);
    if (next.status !== undefined) {
      if (next.status) merged.set("status", next.status);
      else merged.delete("status");
    }
    if (next.sort) merged.set("sort", next.sort);
    setParams(merged, { replace: true });
  };
  return (
    <Restricted anyOf={AREA_PERMISSIONS.grants} title={t("console.grants.title")}>
      <PageTitle>{t("console.grants.title")}</PageTitle>
      <GrantList
        slug={slug}
        status={status}
        sort={sort}
        onStatus={(s) => update({ status: s })}
        onSort={(s) => update({ sort: s })}
        grantHref={(id) => `/c/${slug}/manage/grants/${id}`}
        timeZone={conference.data?.timezone}
      />
    </Restricted>
  );
}
