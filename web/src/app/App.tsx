/** Loads /config.json, then mounts the providers and the router. */
import { useEffect, useState } from "react";

import { loadConfig, type AppConfig } from "@/lib/config";
import { Spinner } from "@/components/Spinner";

import { AppProviders } from "./providers";

export function App() {
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    loadConfig()
      .then((value) => !cancelled && setConfig(value))
      .catch((reason: unknown) => !cancelled && setError(reason));
    return () => {
      cancelled = true;
    };
  }, [attempt]);
  if (error) {
    return (
      <main className="page">
        <h1>The app could not start</h1>
        <p>{error instanceof Error ? error.message : "The configuration could not be loaded."}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            setError(null);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </main>
    );
  }
  if (!config) return <Spinner label="Starting…" />;
  return <AppProviders config={config} />;
}
