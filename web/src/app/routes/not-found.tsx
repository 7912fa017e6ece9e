import { Link } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useT } from "@/lib/i18n";

export function Component() {
  const t = useT();
  return (
    <>
      <PageTitle>{t("routeError.notFoundTitle")}</PageTitle>
      <p>{t("routeError.notFound")}</p>
      <p>
        <Link to="/">{t("routeError.start")}</Link>
      </p>
    </>
  );
}
