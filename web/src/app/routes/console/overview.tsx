/** /c/:slug/manage: straight to the first area the user may open, or what they can do here. */
import { Link, Navigate, useParams } from "react-router";

import { PageTitle } from "@/components/PageTitle";
import { useAuth } from "@/lib/auth/context";
import { useRich, useT } from "@/lib/i18n";

import { areasFor } from "./access";

export function Component() {
  const t = useT();
  const rich = useRich();
  const { slug = "" } = useParams();
  const { user } = useAuth();
  const [first] = areasFor(user?.permissions ?? []);
  if (first) return <Navigate to={`/c/${slug}/manage/${first}`} replace />;
  return (
    <>
      <PageTitle>{t("console.overview.title")}</PageTitle>
      <p>{t("console.overview.none")}</p>
      <p>
        {rich("console.overview.organiser", { link: (chunks) => <Link to={`/c/${slug}/manage/activities`}>{chunks}</Link> })}
      </p>
    </>
  );
}
