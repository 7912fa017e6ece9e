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
      <PageTitle>{t("grantApply.title")}</PageTitle>
      <QueryState query={conference}>
        {(c) => (
          <QueryState query={grant}>
            {(existing) =>
              existing ? (
                <p>
                  {t("grantApply.already")} <Link to={`/c/${slug}/grant`}>{t("grantApply.seeApplication")}</Link>
                </p>
              ) : (
                <GrantForm
                  slug={slug}
                  maxAmount={c.max_grant_amount}
                  grant={null}
                  onDone={() => void navigate(`/c/${slug}/grant`, { state: { notice: t("grantApply.sent") } })}
                />
              )
            }
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
