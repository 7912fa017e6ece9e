import { Link, useNavigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { useConference } from "@/features/conference";
import { GrantForm, useGrant } from "@/features/grants";

export function Component() {
  const { slug = "" } = useParams();
  const conference = useConference(slug);
  const grant = useGrant(slug);
  const navigate = useNavigate();
  return (
    <>
      <PageTitle>Apply for a travel grant</PageTitle>
      <QueryState query={conference}>
        {(c) => (
          <QueryState query={grant}>
            {(existing) =>
              existing ? (
                <p>
                  You have already applied. <Link to={`/c/${slug}/grant`}>See your application</Link>.
                </p>
              ) : (
                <GrantForm
                  slug={slug}
                  maxAmount={c.max_grant_amount}
                  grant={null}
                  onDone={() => void navigate(`/c/${slug}/grant`, { state: { notice: "Your application is sent." } })}
                />
              )
            }
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
