/** Activities: filter by type; time in the conference timezone, place, places left, own signup. */
import { Link, useSearchParams } from "react-router";

import { Field } from "@/components/Field";
import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { useT, type MessageId } from "@/lib/i18n";
import { formatRange } from "@/utils/dates";

import { useActivities, useMySignups, type ActivityType } from "../api/activities";
import { placesText, TYPE_LABELS, whereText } from "./labels";
import { SignupBadge } from "./SignupBadge";

type Props = { slug: string; timeZone: string; signedIn: boolean };

export function ActivityList({ slug, timeZone, signedIn }: Props) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const type = (params.get("type") ?? "") as ActivityType | "";
  const query = useActivities(slug, type in TYPE_LABELS ? type : "");
  const mine = useMySignups(slug, signedIn);
  return (
    <>
      <PageTitle>{t("activities.title")}</PageTitle>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <Field label={t("activities.type")}>
          {(props) => (
            <select
              {...props}
              value={type}
              onChange={(event) => setParams(event.target.value ? { type: event.target.value } : {}, { replace: true })}
            >
              <option value="">{t("activities.allTypes")}</option>
              {(Object.entries(TYPE_LABELS) as [ActivityType, MessageId][]).map(([value, label]) => (
                <option key={value} value={value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <QueryState query={query} loadingLabel={t("activities.loading")}>
        {(activities) =>
          activities.length === 0 ? (
            <p>{t(type ? "activities.noneOfType" : "activities.none")}</p>
          ) : (
            <ul className="cards" aria-label={t("activities.title")}>
              {activities.map((activity) => {
                const signup = mine.data?.get(activity.slug);
                const where = whereText(activity);
                return (
                  <li key={activity.slug} className="card">
                    <h2 className="card__title">
                      <Link to={`/c/${slug}/activities/${activity.slug}`}>{activity.name}</Link>
                    </h2>
                    <p className="muted">{t(TYPE_LABELS[activity.activity_type])}</p>
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
