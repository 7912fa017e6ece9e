import { Link, useNavigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { useConference } from "@/features/conference";
import { GrantForm, useGrant } from "@/features/grants";
import { useT } from "@/lib/i18n";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  const conference = useConference(slug);
  const grant = useGrant(slug);
  const navigate = useNavigate();
  return (
    <>
      <PageTitle>{t("grantEdit.title")}</PageTitle>
      <QueryState query={conference}>
        {(c) => (
          <QueryState query={grant}>
            {(current) =>
              current?.actions.edit ? (
                <GrantForm
                  slug={slug}
                  maxAmount={c.max_grant_amount}
                  grant={current}
                  onDone={() => void navigate(`/c/${slug}/grant`, { state: { notice: t("grantEdit.saved") } })}
                />
              ) : (
                <p>
                  {current ? t("grantEdit.locked") : t("grantEdit.notApplied")}{" "}
                  <Link to={`/c/${slug}/grant`}>{t("grantEdit.back")}</Link>
                </p>
              )
            }
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
