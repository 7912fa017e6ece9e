/** What a page that failed to load or render shows instead of a blank screen. */
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { useT } from "@/lib/i18n";

export function RouteError() {
  const t = useT();
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A new deployment can remove the chunk an old tab asks for: reloading fetches the new one.
  const chunkMissing = error instanceof TypeError && /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <main className="page" id="main">
      <h1>{notFound ? t("routeError.notFoundTitle") : t("routeError.title")}</h1>
      <p>
        {notFound
          ? t("routeError.notFound")
          : chunkMissing
            ? t("routeError.chunkMissing")
            : t("routeError.unexpected")}
      </p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t("routeError.reload")}
        </button>{" "}
        <Link to="/">{t("routeError.start")}</Link>
      </p>
    </main>
  );
}
