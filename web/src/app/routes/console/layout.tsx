/** The console's frame: its own navigation, showing only the areas the user's permissions open. */
import { NavLink, Outlet, useParams } from "react-router";

import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";

import { AREA_LABELS, areasFor } from "./access";
import "./console.css";

export function Component() {
  const t = useT();
  const { slug = "" } = useParams();
  const { user } = useAuth();
  const areas = areasFor(user?.permissions ?? []);
  return (
    <div className="console">
      {areas.length ? (
        <nav aria-label={t("console.navLabel")} className="console__nav">
          {areas.map((area) => (
            <NavLink key={area} to={`/c/${slug}/manage/${area}`}>
              {t(AREA_LABELS[area])}
            </NavLink>
          ))}
        </nav>
      ) : null}
      <Outlet />
    </div>
  );
}
