/** An activity: description, time and place, talks grouped by day, and the caller's signup. */
import { Link } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { useT } from "@/lib/i18n";
import { formatDay, formatRange, formatTime } from "@/utils/dates";

import { useActivity, type ActivityDetail } from "../api/activities";
import { AddToCalendar } from "./AddToCalendar";
import { placesText, TYPE_LABELS, whereText } from "./labels";
import { OverlapWarning } from "./OverlapWarning";
import { SignupPanel } from "./SignupPanel";

/** `apiUrl`: the API's base URL, for the activity's calendar file link. */
type Props = { slug: string; activitySlug: string; timeZone: string; signedIn: boolean; apiUrl: string };

export function ActivityDetailView({ slug, activitySlug, timeZone, signedIn, apiUrl }: Props) {
  const t = useT();
  const query = useActivity(slug, activitySlug);
  return (
    <QueryState query={query} loadingLabel={t("activity.loading")}>
      {(activity) => {
        const where = whereText(activity);
        return (
          <article>
            <p>
              <Link to={`/c/${slug}/activities`}>{t("activity.all")}</Link>
            </p>
            <PageTitle>{activity.name}</PageTitle>
            <dl className="facts">
              <dt>{t("activity.type")}</dt>
              <dd>{t(TYPE_LABELS[activity.activity_type])}</dd>
              <dt>{t("activity.when")}</dt>
              <dd>{formatRange(activity.start_time, activity.end_time, timeZone)}</dd>
              {where ? (
                <>
                  <dt>{t("activity.where")}</dt>
                  <dd>{where}</dd>
                </>
              ) : null}
              <dt>{t("activity.places")}</dt>
              <dd>{placesText(activity)}</dd>
              {activity.requires_ticket ? (
                <>
                  <dt>{t("activity.ticket")}</dt>
                  <dd>{t("activity.ticketNeeded")}</dd>
                </>
              ) : null}
              {activity.speakers.length ? (
                <>
                  <dt>{t("activity.speakers")}</dt>
                  <dd>{activity.speakers.join(", ")}</dd>
                </>
              ) : null}
            </dl>
            {activity.description ? <p className="description">{activity.description}</p> : null}
            {activity.external_url ? (
              <p>
                <a href={activity.external_url} rel="noopener noreferrer" target="_blank">
                  {t("activity.moreAbout", { name: activity.name })}
                </a>
              </p>
            ) : null}
            <AddToCalendar apiUrl={apiUrl} slug={slug} activity={activity} />
            <OverlapWarning slug={slug} activity={activity} signedIn={signedIn} />
            <SignupPanel slug={slug} activity={activity} signedIn={signedIn} />
            <Talks activity={activity} timeZone={timeZone} />
          </article>
        );
      }}
    </QueryState>
  );
}

function Talks({ activity, timeZone }: { activity: ActivityDetail; timeZone: string }) {
  const t = useT();
  if (!activity.schedule_by_day.length) return null;
  const byCode = new Map(activity.talks.map((talk) => [talk.code, talk]));
  return (
    <section aria-labelledby="talks-title">
      <h2 id="talks-title">{t("activity.talks")}</h2>
      {activity.schedule_by_day.map((day) => (
        <section key={day.date} aria-labelledby={`day-${day.date}`}>
          <h3 id={`day-${day.date}`}>{formatDay(day.date)}</h3>
          <ul className="talks">
            {day.talks
              .map((code) => byCode.get(code))
              .filter((talk) => talk !== undefined)
              .map((talk) => (
                <li key={talk.code}>
                  <p>
                    <strong>{talk.title}</strong>
                  </p>
                  <p className="meta">
                    {talk.start ? (
                      <span>
                        {formatTime(talk.start, timeZone)}
                        {talk.end ? `–${formatTime(talk.end, timeZone)}` : ""}
                      </span>
                    ) : null}
                    {talk.room ? <span>{talk.room}</span> : null}
                    {talk.speakers.length ? <span>{talk.speakers.join(", ")}</span> : null}
                  </p>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
