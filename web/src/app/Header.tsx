/** Conference name and sections, the language, the signed-in user and "Sign out" (or "Sign in"). */
import { Link, NavLink, useLocation, useMatch, useNavigate } from "react-router";

import { useConference } from "@/features/conference";
import { useAuth } from "@/lib/auth/context";
import { useT } from "@/lib/i18n";
import { displayName } from "@/utils/people";

import { LanguageSwitcher } from "./LanguageSwitcher";
import { canOpenConsole } from "./routes/console";

export function Header() {
  const t = useT();
  const match = useMatch("/c/:slug/*");
  const slug = match?.params.slug;
  return (
    <header className="header">
      <div className="header__inner">
        {slug ? <ConferenceNav slug={slug} /> : <Link className="header__brand" to="/">{t("header.brand")}</Link>}
        <LanguageSwitcher />
        <UserMenu />
      </div>
    </header>
  );
}

function ConferenceNav({ slug }: { slug: string }) {
  const t = useT();
  const conference = useConference(slug);
  const { user } = useAuth();
  const features = conference.data?.features ?? {};
  const publicUi = features.public_ui !== false;
  return (
    <>
      <Link className="header__brand" to={`/c/${slug}`}>
        {conference.data?.name ?? t("header.brand")}
      </Link>
      <nav aria-label={t("header.navLabel")} className="header__nav">
        {publicUi && features.programs !== false ? <NavLink to={`/c/${slug}/activities`}>{t("header.activities")}</NavLink> : null}
        {user && publicUi && features.programs !== false ? <NavLink to={`/c/${slug}/my/activities`}>{t("header.myActivities")}</NavLink> : null}
        {publicUi && features.travel_grants !== false ? <NavLink to={`/c/${slug}/grant`}>{t("header.travelGrant")}</NavLink> : null}
        {user && canOpenConsole(user.permissions) ? <NavLink to={`/c/${slug}/manage`}>{t("header.manage")}</NavLink> : null}
      </nav>
    </>
  );
}

function UserMenu() {
  const t = useT();
  const { user, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  if (!user) {
    if (location.pathname === "/sign-in") return null;
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return (
      <Link className="header__user button button--secondary" to={`/sign-in?next=${next}`}>
        {t("header.signIn")}
      </Link>
    );
  }
  return (
    <div className="header__user">
      <span className="header__name" title={user.email}>
        <span className="visually-hidden">{t("header.signedInAs")}</span>
        {displayName(user)}
      </span>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          void signOut().then(() => navigate("/sign-in"));
        }}
      >
        {t("header.signOut")}
      </button>
    </div>
  );
}
