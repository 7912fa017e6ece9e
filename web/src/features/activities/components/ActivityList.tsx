/** Activities: filter by type; time in the conference timezone, place, places left, own signup. */
import { Link, useSearchParams } from "react-router";

import { Field } from "@/components/Field";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { formatRange } from "@/utils/dates";

import { useActivities, useMySignups, type ActivityType } from "../api/activities";
import { placesText, TYPE_LABELS, whereText } from "./labels";
import { SignupBadge } from "./SignupBadge";

type Props = { slug: string; timeZone: string; signedIn: boolean };

export function ActivityList({ slug, timeZone, signedIn }: Props) {
  const [params, setParams] = useSearchParams();
  const type = (params.get("type") ?? "") as ActivityType | "";
  const query = useActivities(slug, type in TYPE_LABELS ? type : "");
  const mine = useMySignups(slug, signedIn);
  return (
    <>
      <PageTitle>Activities</PageTitle>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <Field label="Type">
          {(props) => (
            <select
              {...props}
              value={type}
              onChange={(event) => setParams(event.target.value ? { type: event.target.value } : {}, { replace: true })}
            >
              <option value="">All types</option>
              {Object.entries(TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <QueryState query={query} loadingLabel="Loading activities…">
        {(activities) =>
          activities.length === 0 ? (
            <p>{type ? "No activities of this type yet." : "No activities yet. Come back closer to the conference."}</p>
          ) : (
            <ul className="cards" aria-label="Activities">
              {activities.map((activity) => {
                const signup = mine.data?.get(activity.slug);
                const where = whereText(activity);
                return (
                  <li key={activity.slug} className="card">
                    <h2 className="card__title">
                      <Link to={`/c/${slug}/activities/${activity.slug}`}>{activity.name}</Link>
                    </h2>
                    <p className="muted">{TYPE_LABELS[activity.activity_type]}</p>
                    <p>{formatRange(activity.start_time, activity.end_time, timeZone)}</p>
                    {where ? <p>{where}</p> : null}
                    <p>{placesText(activity)}</p>
                    {signup ? <SignupBadge status={signup.status} position={signup.waitlist_position ?? null} /> : null}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}
