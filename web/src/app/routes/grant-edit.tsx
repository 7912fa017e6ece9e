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
      <PageTitle>Edit your application</PageTitle>
      <QueryState query={conference}>
        {(c) => (
          <QueryState query={grant}>
            {(current) =>
              current?.actions.edit ? (
                <GrantForm
                  slug={slug}
                  maxAmount={c.max_grant_amount}
                  grant={current}
                  onDone={() => void navigate(`/c/${slug}/grant`, { state: { notice: "Your changes are saved." } })}
                />
              ) : (
                <p>
                  {current ? "Your application can no longer be edited." : "You have not applied yet."}{" "}
                  <Link to={`/c/${slug}/grant`}>Back to your travel grant</Link>
                </p>
              )
            }
          </QueryState>
        )}
      </QueryState>
    </>
  );
}
