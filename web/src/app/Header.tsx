/** Conference name and sections, the signed-in user and "Sign out" (or "Sign in"). */
import { Link, NavLink, useLocation, useMatch, useNavigate } from "react-router";

import { useConference } from "@/features/conference";
import { useAuth } from "@/lib/auth/context";
import { displayName } from "@/utils/people";

import { canOpenConsole } from "./routes/console";

export function Header() {
  const match = useMatch("/c/:slug/*");
  const slug = match?.params.slug;
  return (
    <header className="header">
      <div className="header__inner">
        {slug ? <ConferenceNav slug={slug} /> : <Link className="header__brand" to="/">Conference</Link>}
        <UserMenu />
      </div>
    </header>
  );
}

function ConferenceNav({ slug }: { slug: string }) {
  const conference = useConference(slug);
  const { user } = useAuth();
  const features = conference.data?.features ?? {};
  const publicUi = features.public_ui !== false;
  return (
    <>
      <Link className="header__brand" to={`/c/${slug}`}>
        {conference.data?.name ?? "Conference"}
      </Link>
      <nav aria-label="Conference" className="header__nav">
        {publicUi && features.programs !== false ? <NavLink to={`/c/${slug}/activities`}>Activities</NavLink> : null}
        {user && publicUi && features.programs !== false ? <NavLink to={`/c/${slug}/my/activities`}>My activities</NavLink> : null}
        {publicUi && features.travel_grants !== false ? <NavLink to={`/c/${slug}/grant`}>Travel grant</NavLink> : null}
        {user && canOpenConsole(user.permissions) ? <NavLink to={`/c/${slug}/manage`}>Manage</NavLink> : null}
      </nav>
    </>
  );
}

function UserMenu() {
  const { user, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  if (!user) {
    if (location.pathname === "/sign-in") return null;
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return (
      <Link className="header__user button button--secondary" to={`/sign-in?next=${next}`}>
        Sign in
      </Link>
    );
  }
  return (
    <div className="header__user">
      <span className="header__name" title={user.email}>
        <span className="visually-hidden">Signed in as </span>
        {displayName(user)}
      </span>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          void signOut().then(() => navigate("/sign-in"));
        }}
      >
        Sign out
      </button>
    </div>
  );
}
