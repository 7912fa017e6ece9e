/**
 * Money as the API speaks it: decimal strings with at most two decimals ("1500.00").
 * Arithmetic is done in integer cents, never in floating point; shown by Intl in the reader's language.
 */
import { currentLocale, translate } from "@/lib/i18n";

const MONEY_RE = /^\d+(\.\d{1,2})?$/;

/** Cents for a valid non-negative amount ("12", "12.5", "12.50"), or null. Blank is 0. */
export function toCents(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return 0;
  const text = String(value).trim();
  if (text === "") return 0;
  if (!MONEY_RE.test(text)) return null;
  const [whole = "0", fraction = ""] = text.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export function centsToString(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

export function sumMoney(...values: (string | number | null | undefined)[]): string | null {
  let total = 0;
  for (const value of values) {
    const cents = toCents(value);
    if (cents === null) return null;
    total += cents;
  }
  return centsToString(total);
}

/** Why a typed amount is not acceptable (mirrors the API's money rule), or null. */
export function moneyProblem(value: string): string | null {
  const text = value.trim();
  if (text === "") return null;
  if (text.startsWith("-")) return translate("money.negative");
  if (!MONEY_RE.test(text)) return translate("money.invalid");
  return null;
}

const currencies = new Map<string, Intl.NumberFormat>();

function currency(): Intl.NumberFormat {
  const locale = currentLocale();
  let format = currencies.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "USD" });
    currencies.set(locale, format);
  }
  return format;
}

export function formatMoney(value: string | number | null | undefined): string {
  const cents = toCents(value ?? "0");
  if (cents === null) return String(value);
  return currency().format(cents / 100);
}

/** An amount held in integer cents (the API's counters and audit details), as money. */
export function formatCents(cents: number): string {
  return currency().format(cents / 100);
}
