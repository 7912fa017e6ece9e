/**
 * The message catalogs (ICU MessageFormat, one flat JSON per language, English the reference).
 * Each is its own chunk, fetched when that language is first used, so neither weighs on the
 * first page's bundle.
 */
import type { Locale } from "./locales";

/** Only a type: the catalog itself is never imported statically. */
export type Catalog = typeof import("./messages/en.json");
export type MessageId = keyof Catalog;
export type Messages = Record<MessageId, string>;

export async function loadMessages(locale: Locale): Promise<Messages> {
  switch (locale) {
    case "es":
      return (await import("./messages/es.json")).default;
    case "en":
      return (await import("./messages/en.json")).default;
  }
}
