import type { PaymentInput, PaymentMethod } from "../api/payment";
import { COUNTRY_CODES, NO_POSTAL_CODE } from "./countries";

export const METHODS: Record<PaymentMethod, string> = {
  paypal: "PayPal",
  zelle: "Zelle",
  wise: "Wise",
  ach: "Bank transfer (ACH, US)",
  wire: "International wire transfer",
  check: "Cheque by post",
};

export type FieldName = Exclude<keyof PaymentInput, "payment_method" | "keep" | "details_version">;
export type FieldSpec = {
  name: FieldName;
  label: string;
  required?: boolean;
  hint?: string;
  type?: string;
  autoComplete?: string;
};

/** Shown only in part once saved (the API masks them); a change may keep them as they are. */
export const SECRET_FIELDS: readonly FieldName[] = [
  "bank_account_number",
  "bank_routing_number",
  "paypal_email",
  "zelle_email",
  "wise_email",
];

/** The fields each method needs (the API checks their formats), beyond name and address. */
export const METHOD_FIELDS: Record<PaymentMethod, FieldSpec[]> = {
  paypal: [{ name: "paypal_email", label: "PayPal e-mail", required: true, type: "email", autoComplete: "email" }],
  zelle: [{ name: "zelle_email", label: "Zelle e-mail", required: true, type: "email", autoComplete: "email" }],
  wise: [{ name: "wise_email", label: "Wise e-mail", required: true, type: "email", autoComplete: "email" }],
  ach: [
    { name: "bank_name", label: "Bank name", required: true },
    { name: "bank_routing_number", label: "ABA routing number", required: true, autoComplete: "off",
      hint: "9 digits: the first number printed on a US cheque." },
    { name: "bank_account_number", label: "Account number", required: true, autoComplete: "off",
      hint: "4 to 17 digits." },
    { name: "bank_holder_name", label: "Account holder's name", hint: "If not your legal name." },
    { name: "bank_additional", label: "Anything else the bank needs", hint: "Optional." },
  ],
  wire: [
    { name: "bank_name", label: "Bank name", required: true },
    { name: "bank_routing_number", label: "SWIFT/BIC code", required: true, autoComplete: "off",
      hint: "8 or 11 letters and digits, like DEUTDEFF500." },
    { name: "bank_account_number", label: "IBAN or account number", required: true, autoComplete: "off",
      hint: "The IBAN where your bank's country uses IBANs (most of Europe, the Middle East…), else the account number." },
    { name: "bank_holder_name", label: "Account holder's name", hint: "If not your legal name." },
    { name: "bank_holder_address", label: "Account holder's address", hint: "If not your address below." },
    { name: "bank_address", label: "Bank's address" },
    { name: "bank_additional", label: "Anything else the bank needs", hint: "Optional: intermediary bank, reference…" },
  ],
  check: [],
};

export const ADDRESS_FIELDS: FieldSpec[] = [
  { name: "legal_name", label: "Legal name", required: true, autoComplete: "name" },
  { name: "address_country", label: "Country", required: true, autoComplete: "country" },
  { name: "address_street", label: "Street address", required: true, autoComplete: "street-address" },
  { name: "address_city", label: "City", required: true, autoComplete: "address-level2" },
  { name: "address_state", label: "State or region", hint: "Optional.", autoComplete: "address-level1" },
  { name: "address_zip", label: "Postal code", required: true, autoComplete: "postal-code" },
];

/** Whether addresses in the country (an ISO code) have a postal code; unknown: ask for one. */
export function usesPostalCode(country: string | undefined): boolean {
  return !country || !NO_POSTAL_CODE.has(country);
}

/** Countries by their English name, for the country list. */
export function countryOptions(): { code: string; name: string }[] {
  const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
    a.name.localeCompare(b.name, "en"),
  );
}

/** The name of a country code (or the text itself when it is not one: details saved before the list). */
export function countryName(value: string): string {
  if (!COUNTRY_CODES.includes(value)) return value;
  return new Intl.DisplayNames(["en"], { type: "region", fallback: "code" }).of(value) ?? value;
}

/** The label of a field for a method (the bank fields are named differently for ACH and wire). */
export function labelFor(method: string, name: string): string | undefined {
  const specs = method in METHOD_FIELDS ? METHOD_FIELDS[method as PaymentMethod] : [];
  return [...specs, ...ADDRESS_FIELDS].find((spec) => spec.name === name)?.label;
}
