/** English / Español: switches the whole app (and the API's e-mails) and is remembered. */
import { useId, useState } from "react";

import { LANGUAGE_NAMES, LOCALES, useLocale, useT, type Locale } from "@/lib/i18n";

export function LanguageSwitcher() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <div className="header__language">
      <label className="visually-hidden" htmlFor={id}>
        {t("language.label")}
      </label>
      <select
        id={id}
        value={locale}
        disabled={busy}
        onChange={(event) => {
          setBusy(true);
          void setLocale(event.target.value as Locale).finally(() => setBusy(false));
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
