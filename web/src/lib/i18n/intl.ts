/**
 * The active language's formatter, for React (through the provider) and for the plain modules
 * that put things in words (error wording, date and money helpers), which cannot use hooks.
 */
import { createIntl, createIntlCache, type IntlShape } from "react-intl";

import { loadMessages, type MessageId, type Messages } from "./catalog";
import { DEFAULT_LOCALE, type Locale } from "./locales";

export type MessageValues = Record<string, string | number | boolean | null | undefined | Date>;

const cache = createIntlCache();
let active: IntlShape | null = null;
let activeLocale: Locale = DEFAULT_LOCALE;

export function createAppIntl(locale: Locale, messages: Messages): IntlShape {
  return createIntl(
    {
      locale,
      messages,
      defaultLocale: DEFAULT_LOCALE,
      // A missing key or a broken message is a bug: say so where the tests look (the console).
      onError: (error) => console.error(error),
    },
    cache,
  );
}

/** Makes `locale` the app's language: formatters, `<html lang>`, the API's Accept-Language. */
export function activate(locale: Locale, messages: Messages): IntlShape {
  active = createAppIntl(locale, messages);
  activeLocale = locale;
  document.documentElement.lang = locale;
  return active;
}

/** Loads `locale`'s catalog and activates it. */
export async function loadLocale(locale: Locale): Promise<IntlShape> {
  return activate(locale, await loadMessages(locale));
}

export function currentLocale(): Locale {
  return activeLocale;
}

/** The active language's formatter (the app loads a catalog before it renders anything). */
export function activeIntl(): IntlShape {
  if (!active) throw new Error("no message catalog is loaded yet");
  return active;
}

/** A message in the active language, for code outside components. */
export function translate(id: MessageId, values?: MessageValues): string {
  return activeIntl().formatMessage({ id }, values);
}
