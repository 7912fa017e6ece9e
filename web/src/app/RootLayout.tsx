/** Every page: skip link, header, the page itself, and the session-expired dialog. */
import { Outlet, ScrollRestoration } from "react-router";

import { useT } from "@/lib/i18n";

import { Header } from "./Header";
import { SessionExpiredDialog } from "./SessionExpiredDialog";

export function RootLayout() {
  const t = useT();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("layout.skipToContent")}
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
