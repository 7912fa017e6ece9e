/** Conference home: name, dates, timezone, sections, and only the features it has on. */
import { Link } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { formatDay } from "@/utils/dates";
import { useT } from "@/lib/i18n";

import { featureOn, useConference } from "../api/conference";

export function ConferenceHome({ slug }: { slug: string }) {
  const t = useT();
  const query = useConference(slug);
  return (
    <QueryState query={query} loadingLabel={t("conference.loading")}>
      {(conference) => (
        <article>
          <PageTitle>{conference.name}</PageTitle>
          <p className="lead">
            {t("conference.dates", { start: formatDay(conference.start_date), end: formatDay(conference.end_date) })}
          </p>
          <p>{t("conference.timezone", { timezone: conference.timezone.replace(/_/g, " ") })}</p>
          {conference.sections.length ? (
            <section aria-labelledby="sections-title">
              <h2 id="sections-title">{t("conference.sections")}</h2>
              <ul className="cards">
                {conference.sections.map((section) => (
                  <li key={section.name} className="card">
                    <h3>{section.name}</h3>
                    <p>
                      {section.end_date !== section.start_date
                        ? t("conference.dates", { start: formatDay(section.start_date), end: formatDay(section.end_date) })
                        : formatDay(section.start_date)}
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="take-part-title">
            <h2 id="take-part-title">{t("conference.takePart")}</h2>
            <ul className="cards">
              {featureOn(conference, "programs") ? (
                <li className="card">
                  <h3>
                    <Link to={`/c/${slug}/activities`}>{t("header.activities")}</Link>
                  </h3>
                  <p>{t("conference.activities")}</p>
                </li>
              ) : null}
              {featureOn(conference, "travel_grants") ? (
                <li className="card">
                  <h3>
                    <Link to={`/c/${slug}/grant`}>{t("console.grants.title")}</Link>
                  </h3>
                  <p>{t("conference.grants")}</p>
                </li>
              ) : null}
            </ul>
            {!featureOn(conference, "programs") && !featureOn(conference, "travel_grants") ? (
              <p>{t("conference.nothing")}</p>
            ) : null}
          </section>
        </article>
      )}
    </QueryState>
  );
}
