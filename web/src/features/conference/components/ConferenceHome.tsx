/** Conference home: name, dates, timezone, sections, and only the features it has on. */
import { Link } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { QueryState } from "@/components/QueryState";
import { formatDay } from "@/utils/dates";

import { featureOn, useConference } from "../api/conference";

export function ConferenceHome({ slug }: { slug: string }) {
  const query = useConference(slug);
  return (
    <QueryState query={query} loadingLabel="Loading the conference…">
      {(conference) => (
        <article>
          <PageTitle>{conference.name}</PageTitle>
          <p className="lead">
            {formatDay(conference.start_date)} to {formatDay(conference.end_date)}
          </p>
          <p>Times are shown in the conference's timezone, {conference.timezone.replace(/_/g, " ")}.</p>
          {conference.sections.length ? (
            <section aria-labelledby="sections-title">
              <h2 id="sections-title">Sections</h2>
              <ul className="cards">
                {conference.sections.map((section) => (
                  <li key={section.name} className="card">
                    <h3>{section.name}</h3>
                    <p>
                      {formatDay(section.start_date)}
                      {section.end_date !== section.start_date ? ` to ${formatDay(section.end_date)}` : ""}
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="take-part-title">
            <h2 id="take-part-title">Take part</h2>
            <ul className="cards">
              {featureOn(conference, "programs") ? (
                <li className="card">
                  <h3>
                    <Link to={`/c/${slug}/activities`}>Activities</Link>
                  </h3>
                  <p>Tutorials, workshops, sprints and more: see what is on and sign up.</p>
                </li>
              ) : null}
              {featureOn(conference, "travel_grants") ? (
                <li className="card">
                  <h3>
                    <Link to={`/c/${slug}/grant`}>Travel grants</Link>
                  </h3>
                  <p>Apply for help with your ticket and travel, up to the maximum of the conference.</p>
                </li>
              ) : null}
            </ul>
            {!featureOn(conference, "programs") && !featureOn(conference, "travel_grants") ? (
              <p>Nothing is open yet. Come back closer to the conference.</p>
            ) : null}
          </section>
        </article>
      )}
    </QueryState>
  );
}
