/**
 * The route table (paths are part of the product's interface: e-mails link to them, see
 * web/README.md). Every page is lazy-loaded so the first page stays small; the console's
 * routes live in ./routes/console.tsx, owned by the console work.
 */
import { createBrowserRouter, type RouteObject } from "react-router";

import { Spinner } from "@/components/Spinner";
import { useT } from "@/lib/i18n";

import { RequireAuth } from "./RequireAuth";
import { RootLayout } from "./RootLayout";
import { RouteError } from "./RouteError";
import { consoleRoutes } from "./routes/console";

function PageLoading() {
  const t = useT();
  return <Spinner label={t("common.loadingPage")} />;
}

export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    // Shown while the first lazy page loads (the app is client-rendered: nothing to hydrate).
    HydrateFallback: PageLoading,
    children: [
      { index: true, lazy: () => import("./routes/home") },
      { path: "sign-in", lazy: () => import("./routes/sign-in") },
      { path: "auth/callback", lazy: () => import("./routes/auth-callback") },
      {
        path: "c/:slug",
        children: [
          { index: true, lazy: () => import("./routes/conference-home") },
          { path: "activities", lazy: () => import("./routes/activities") },
          { path: "activities/:activitySlug", lazy: () => import("./routes/activity") },
          {
            element: <RequireAuth />,
            children: [
              { path: "grant", lazy: () => import("./routes/grant") },
              { path: "grant/apply", lazy: () => import("./routes/grant-apply") },
              { path: "grant/edit", lazy: () => import("./routes/grant-edit") },
              { path: "grant/receipts", lazy: () => import("./routes/grant-receipts") },
              { path: "grant/payment", lazy: () => import("./routes/grant-payment") },
              { path: "my/activities", lazy: () => import("./routes/my-activities") },
              ...consoleRoutes,
            ],
          },
        ],
      },
      { path: "*", lazy: () => import("./routes/not-found") },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
