/**
 * The language provider: react-intl's formatter for the active language, and `setLocale` for the
 * switcher (loads the catalog, then switches and remembers the choice).
 */
import { createContext, type Context, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { IntlContext, RawIntlProvider, type IntlShape } from "react-intl";

import type { MessageId } from "./catalog";
import { activeIntl, loadLocale, type MessageValues } from "./intl";
import { rememberLocale, type Locale } from "./locales";

type LocaleState = { locale: Locale; setLocale: (locale: Locale) => Promise<void> };

const LocaleContext = createContext<LocaleState | null>(null);

export function I18nProvider({ intl, children }: { intl: IntlShape; children: ReactNode }) {
  const [current, setCurrent] = useState(intl);
  const setLocale = useCallback(async (locale: Locale) => {
    const next = await loadLocale(locale);
    rememberLocale(locale);
    setCurrent(next);
  }, []);
  const value = useMemo(() => ({ locale: current.locale as Locale, setLocale }), [current, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <RawIntlProvider value={current}>{children}</RawIntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error("useLocale() outside <I18nProvider>");
  return state;
}

/** The provider's formatter, or the active one where a component is rendered alone (unit tests). */
function useAppIntl(): IntlShape {
  // Typed as always set, but null outside <RawIntlProvider>.
  return useContext(IntlContext as Context<IntlShape | null>) ?? activeIntl();
}

/** `t(id, values)`: a message of the active catalog as a string (labels, attributes, text). */
export function useT(): (id: MessageId, values?: MessageValues) => string {
  const intl = useAppIntl();
  return useCallback((id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values), [intl]);
}

export type RichValues = Record<string, ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

/** `rich(id, values)`: a message with markup, `<link>…</link>` tags rendered by the functions in `values`. */
export function useRich(): (id: MessageId, values: RichValues) => ReactNode {
  const intl = useAppIntl();
  return useCallback(
    (id: MessageId, values: RichValues) => <>{intl.formatMessage({ id }, values as Parameters<IntlShape["formatMessage"]>[1])}</>,
    [intl],
  );
}
