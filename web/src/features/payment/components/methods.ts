import { currentLocale, type MessageId } from "@/lib/i18n";

import type { PaymentInput, PaymentMethod } from "../api/payment";
import { COUNTRY_CODES, NO_POSTAL_CODE } from "./countries";

/** Each method's name in words (catalog keys). */
export const METHODS: Record<PaymentMethod, MessageId> = {
  paypal: "paymentMethods.paypal",
  zelle: "paymentMethods.zelle",
  wise: "paymentMethods.wise",
  ach: "paymentMethods.ach",
  wire: "paymentMethods.wire",
  check: "paymentMethods.check",
};

export type FieldName = Exclude<keyof PaymentInput, "payment_method" | "keep" | "details_version">;
export type FieldSpec = {
  name: FieldName;
  /** Catalog keys of the field's label and hint. */
  label: MessageId;
  required?: boolean;
  hint?: MessageId;
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
  paypal: [{ name: "paypal_email", label: "paymentMethods.paypalEmail", required: true, type: "email", autoComplete: "email" }],
  zelle: [{ name: "zelle_email", label: "paymentMethods.zelleEmail", required: true, type: "email", autoComplete: "email" }],
  wise: [{ name: "wise_email", label: "paymentMethods.wiseEmail", required: true, type: "email", autoComplete: "email" }],
  ach: [
    { name: "bank_name", label: "paymentMethods.bankName", required: true },
    { name: "bank_routing_number", label: "paymentMethods.ach.routing", required: true, autoComplete: "off",
      hint: "paymentMethods.ach.routingHint" },
    { name: "bank_account_number", label: "paymentMethods.ach.account", required: true, autoComplete: "off",
      hint: "paymentMethods.ach.accountHint" },
    { name: "bank_holder_name", label: "paymentMethods.holderName", hint: "paymentMethods.holderNameHint" },
    { name: "bank_additional", label: "paymentMethods.additional", hint: "paymentMethods.optional" },
  ],
  wire: [
    { name: "bank_name", label: "paymentMethods.bankName", required: true },
    { name: "bank_routing_number", label: "paymentMethods.wire.routing", required: true, autoComplete: "off",
      hint: "paymentMethods.wire.routingHint" },
    { name: "bank_account_number", label: "paymentMethods.wire.account", required: true, autoComplete: "off",
      hint: "paymentMethods.wire.accountHint" },
    { name: "bank_holder_name", label: "paymentMethods.holderName", hint: "paymentMethods.holderNameHint" },
    { name: "bank_holder_address", label: "paymentMethods.holderAddress", hint: "paymentMethods.holderAddressHint" },
    { name: "bank_address", label: "paymentMethods.bankAddress" },
    { name: "bank_additional", label: "paymentMethods.additional", hint: "paymentMethods.wire.additionalHint" },
  ],
  check: [],
};

export const ADDRESS_FIELDS: FieldSpec[] = [
  { name: "legal_name", label: "paymentMethods.legalName", required: true, autoComplete: "name" },
  { name: "address_country", label: "paymentMethods.country", required: true, autoComplete: "country" },
  { name: "address_street", label: "paymentMethods.street", required: true, autoComplete: "street-address" },
  { name: "address_city", label: "paymentMethods.city", required: true, autoComplete: "address-level2" },
  { name: "address_state", label: "paymentMethods.state", hint: "paymentMethods.optional", autoComplete: "address-level1" },
  { name: "address_zip", label: "paymentMethods.postalCode", required: true, autoComplete: "postal-code" },
];

/** Whether addresses in the country (an ISO code) have a postal code; unknown: ask for one. */
export function usesPostalCode(country: string | undefined): boolean {
  return !country || !NO_POSTAL_CODE.has(country);
}

/** Countries by their name in the active language, for the country list. */
export function countryOptions(): { code: string; name: string }[] {
  const locale = currentLocale();
  const names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) =>
    a.name.localeCompare(b.name, locale),
  );
}

/** The name of a country code in the active language (or the text itself when it is not one: details saved before the list). */
export function countryName(value: string): string {
  if (!COUNTRY_CODES.includes(value)) return value;
  return new Intl.DisplayNames([currentLocale()], { type: "region", fallback: "code" }).of(value) ?? value;
}

/** The label of a field for a method (the bank fields are named differently for ACH and wire). */
export function labelFor(method: string, name: string): MessageId | undefined {
  const specs = method in METHOD_FIELDS ? METHOD_FIELDS[method as PaymentMethod] : [];
  return [...specs, ...ADDRESS_FIELDS].find((spec) => spec.name === name)?.label;
}
