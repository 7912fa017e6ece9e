/** What a page that failed to load or render shows instead of a blank screen. */
import { isRouteErrorResponse, Link, useRouteError } from "react-router";

export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A new deployment can remove the chunk an old tab asks for: reloading fetches the new one.
  const chunkMissing = error instanceof TypeError && /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <main className="page" id="main">
      <h1>{notFound ? "Page not found" : "This page could not be shown"}</h1>
      <p>
        {notFound
          ? "There is nothing at this address."
          : chunkMissing
            ? "The app was updated or the connection dropped. Reload the page to carry on."
            : "Something unexpected went wrong. Reload the page to try again."}
      </p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload page
        </button>{" "}
        <Link to="/">Go to the start page</Link>
      </p>
    </main>
  );
}
