/** The app's providers: language, session store, typed API client, TanStack Query, router. */
import { QueryClientProvider } from "@tanstack/react-query";
import { useMemo } from "react";
import type { IntlShape } from "react-intl";
import { RouterProvider } from "react-router";

import { createApiClient } from "@/lib/api/client";
import { ApiProvider } from "@/lib/api/context";
import { AuthProvider } from "@/lib/auth/context";
import { sessionRestorer } from "@/lib/auth/restore";
import { SessionStore } from "@/lib/auth/session";
import type { AppConfig } from "@/lib/config";
import { currentLocale, I18nProvider, useLocale } from "@/lib/i18n";
import { createQueryClient } from "@/lib/query";

import { createRouter } from "./router";

export function AppProviders({ config, intl }: { config: AppConfig; intl: IntlShape }) {
  const { store, client, queryClient, router } = useMemo(() => {
    const store = new SessionStore();
    // The token is kept in memory only: after a reload, get a new one without asking.
    const restorer = sessionRestorer(config);
    if (restorer) store.restore(restorer);
    const client = createApiClient({ baseUrl: config.apiUrl, getToken: store.token, onUnauthorized: store.markExpired, getLocale: currentLocale });
    const queryClient = createQueryClient();
    // A different person (or nobody) must never see the previous one's cached data. Someone
    // signing in where nobody was (a reload's restored session included) keeps the public
    // data and refetches it with their token (clearing would strand the pages showing it).
    let sub = store.getState().session?.user.sub;
    store.subscribe(() => {
      const next = store.getState().session?.user.sub;
      if (next !== sub) {
        if (sub === undefined) void queryClient.invalidateQueries();
        else queryClient.clear();
        sub = next;
      }
    });
    return { store, client, queryClient, router: createRouter() };
  }, [config]);
  return (
    <I18nProvider intl={intl}>
      <AuthProvider config={config} store={store}>
        <ApiProvider client={client}>
          <QueryClientProvider client={queryClient}>
            <LocalisedRouter router={router} />
          </QueryClientProvider>
        </ApiProvider>
      </AuthProvider>
    </I18nProvider>
  );
}

/**
 * The pages, mounted afresh when the language changes: the date and money helpers read the
 * active language outside React, so a page that does not re-render would keep the old words.
 * The router (the URL) and the query cache (the data) are kept.
 */
function LocalisedRouter({ router }: { router: ReturnType<typeof createRouter> }) {
  const { locale } = useLocale();
  return <RouterProvider key={locale} router={router} />;
}
