/**
 * The journeys' words, from the app's own message catalogs (src/lib/i18n/messages/*.json), so
 * one journey reads the app in either language: `t("signupPanel.signUp")` is "Sign up" or
 * "Inscribirme", formatted as the app formats it (ICU arguments; tags such as `<strong>` kept
 * as their text only, as a person reads them and as Playwright matches them).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { createIntl, createIntlCache } from "react-intl";

import type { MessageId } from "../src/lib/i18n/catalog";

export type Lang = "en" | "es";
export const LANGUAGES: readonly Lang[] = ["en", "es"];
/** The browser's language for each: the app starts in it when no choice is stored. */
export const BROWSER_LOCALE: Record<Lang, string> = { en: "en-US", es: "es-ES" };

export type Values = Record<string, string | number | Date>;
export type Translate = ((id: MessageId, values?: Values) => string) & {
  /** Only the message's `<strong>` part (the lead a notice starts with: "You're on the waitlist, position 1."). */
  strong: (id: MessageId, values?: Values) => string;
};

const MESSAGES = resolve(dirname(fileURLToPath(import.meta.url)), "../src/lib/i18n/messages");
const cache = createIntlCache();
const translators = new Map<Lang, Translate>();

/** The catalog of `lang` as a function, like the app's `t`. */
export function translator(lang: Lang): Translate {
  const known = translators.get(lang);
  if (known) return known;
  const messages = JSON.parse(readFileSync(resolve(MESSAGES, `${lang}.json`), "utf8")) as Record<string, string>;
  const intl = createIntl({ locale: lang, messages, onError: (error) => { throw error; } }, cache);
  const format = (id: MessageId, values: Values, strong?: (chunks: string[]) => string): string => {
    const message = messages[id];
    if (message === undefined) throw new Error(`no message ${id} in ${lang}.json`);
    // Every tag the message uses renders as its text.
    const tags: Record<string, (chunks: string[]) => string> = {};
    for (const [, tag = ""] of message.matchAll(/<(\w+)>/g)) tags[tag] = (chunks) => chunks.join("");
    const text: unknown = intl.formatMessage({ id }, { ...values, ...tags, ...(strong ? { strong } : {}) });
    return Array.isArray(text) ? text.join("") : String(text);
  };
  const t = Object.assign((id: MessageId, values: Values = {}) => format(id, values), {
    strong: (id: MessageId, values: Values = {}) => {
      let lead = "";
      format(id, values, (chunks) => (lead = chunks.join("")));
      if (!lead) throw new Error(`${id} in ${lang}.json has no <strong> part`);
      return lead;
    },
  });
  translators.set(lang, t);
  return t;
}

/** Escapes `text` for a RegExp (to match a message's part: `new RegExp("^" + escape(...))`). */
export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
