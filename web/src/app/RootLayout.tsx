/** Every page: skip link, header, the page itself, and the session-expired dialog. */
import { Outlet, ScrollRestoration } from "react-router";

import { Header } from "./Header";
import { SessionExpiredDialog } from "./SessionExpiredDialog";

export function RootLayout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main className="page" id="main">
        <Outlet />
      </main>
      <SessionExpiredDialog />
      <ScrollRestoration />
    </>
  );
}
