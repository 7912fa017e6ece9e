/**
 * The deployment's runtime configuration, read once from `/config.json`.
 *
 * Nothing environment-specific is bundled: the same build runs locally (config written by
 * devstack/web/server.py) and deployed (config written by the deploy step), see web/README.md.
 */

export type LocalAuthConfig = { mode: "local" };
export type CognitoAuthConfig = {
  mode: "cognito";
  authority: string;
  clientId: string;
  domain: string;
  redirectUri: string;
  logoutUri: string;
};
export type AppConfig = {
  apiUrl: string;
  auth: LocalAuthConfig | CognitoAuthConfig;
  /** Optional extension: the conference `/` opens (e.g. the demo conference locally). */
  defaultConference?: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConfigError(`config.json: "${name}" must be a non-empty string`);
  }
  return value;
}

/** Validates the untrusted JSON document; throws ConfigError naming the bad key. */
export function parseConfig(raw: unknown): AppConfig {
  if (typeof raw !== "object" || raw === null) throw new ConfigError("config.json must hold a JSON object");
  const doc = raw as Record<string, unknown>;
  const apiUrl = requireString(doc.apiUrl, "apiUrl").replace(/\/+$/, "");
  const auth = (doc.auth ?? {}) as Record<string, unknown>;
  const defaultConference =
    typeof doc.defaultConference === "string" && doc.defaultConference ? doc.defaultConference : undefined;
  if (auth.mode === "local") return { apiUrl, auth: { mode: "local" }, defaultConference };
  if (auth.mode === "cognito") {
    return {
      apiUrl,
      defaultConference,
      auth: {
        mode: "cognito",
        authority: requireString(auth.authority, "auth.authority"),
        clientId: requireString(auth.clientId, "auth.clientId"),
        domain: requireString(auth.domain, "auth.domain"),
        redirectUri: requireString(auth.redirectUri, "auth.redirectUri"),
        logoutUri: requireString(auth.logoutUri, "auth.logoutUri"),
      },
    };
  }
  throw new ConfigError('config.json: "auth.mode" must be "local" or "cognito"');
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchImpl("/config.json", { cache: "no-store" });
  if (!response.ok) throw new ConfigError(`config.json could not be loaded (HTTP ${response.status})`);
  return parseConfig(await response.json());
}
