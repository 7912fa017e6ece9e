/** PLACEHOLDER for the console (issue 15): replaced by the console work. */
import { Link, Outlet, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";

export function Component() {
  return <Outlet />;
}

export function Overview() {
  const { slug = "" } = useParams();
  return (
    <>
      <PageTitle>Conference console</PageTitle>
      <p>The console for reviewers, payers and organisers is on its way.</p>
      <p>
        <Link to={`/c/${slug}`}>Back to the conference</Link>
      </p>
    </>
  );
}
