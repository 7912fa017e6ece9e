import { Link } from "react-router";

import { PageTitle } from "@/components/PageTitle";

export function Component() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </>
  );
}
