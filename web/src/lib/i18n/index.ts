export type { MessageId } from "./catalog";
export { I18nProvider, useLocale, useRich, useT, type RichValues } from "./context";
export { activate, activeIntl, currentLocale, loadLocale, translate, type MessageValues } from "./intl";
export { initialLocale, LANGUAGE_NAMES, LOCALES, type Locale } from "./locales";
