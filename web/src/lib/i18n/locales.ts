/**
 * The app's languages, the one a visitor starts in, and remembering their choice.
 *
 * The choice is a preference, not a credential, so localStorage is fine for it (the session
 * token never goes there). Without a stored choice the browser's languages decide.
 */
export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language named in itself, as language pickers do (never translated). */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", es: "Español" };

const STORAGE_KEY = "locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The first of the browser's languages (most preferred first) that the app speaks: "es-MX" → "es". */
export function negotiateLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split("-")[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null; // storage refused (privacy settings): fall back to the browser's languages
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered across visits; the page still switches.
  }
}

export function initialLocale(): Locale {
  const languages = navigator.languages.length ? navigator.languages : [navigator.language];
  return storedLocale() ?? negotiateLocale(languages);
}
