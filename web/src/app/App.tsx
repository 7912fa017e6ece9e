/** Loads /config.json and the visitor's language catalog, then mounts the providers and the router. */
import { useEffect, useState } from "react";
import type { IntlShape } from "react-intl";

import { loadConfig, type AppConfig } from "@/lib/config";
import { initialLocale, loadLocale } from "@/lib/i18n";
import { BOOT_MESSAGES } from "@/lib/i18n/boot";

import { AppProviders } from "./providers";

export function App() {
  const [locale] = useState(initialLocale);
  const [ready, setReady] = useState<{ config: AppConfig; intl: IntlShape } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    Promise.all([loadConfig(), loadLocale(locale)])
      .then(([config, intl]) => !cancelled && setReady({ config, intl }))
      .catch((reason: unknown) => !cancelled && setError(reason));
    return () => {
      cancelled = true;
    };
  }, [attempt, locale]);
  const words = BOOT_MESSAGES[locale];
  if (error) {
    return (
      <main className="page">
        <h1>{words.failed}</h1>
        <p>{error instanceof Error ? error.message : words.noConfig}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            setError(null);
            setAttempt((n) => n + 1);
          }}
        >
          {words.retry}
        </button>
      </main>
    );
  }
  if (!ready) {
    // Spinner's markup without its catalog default: no catalog is loaded yet.
    return (
      <div className="spinner" role="status" aria-live="polite">
        <span className="spinner__circle" aria-hidden="true" />
        <span className="spinner__label">{words.starting}</span>
      </div>
    );
  }
  return <AppProviders config={ready.config} intl={ready.intl} />;
}
