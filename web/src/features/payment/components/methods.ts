import type { PaymentInput, PaymentMethod } from "../api/payment";

export const METHODS: Record<PaymentMethod, string> = {
  paypal: "PayPal",
  zelle: "Zelle",
  wise: "Wise",
  ach: "Bank transfer (ACH, US)",
  wire: "International wire transfer",
  check: "Cheque by post",
};

type FieldName = Exclude<keyof PaymentInput, "payment_method">;
export type FieldSpec = { name: FieldName; label: string; required?: boolean; hint?: string; type?: string; autoComplete?: string };

/** The fields each method needs (the API's rules), beyond name and address. */
export const METHOD_FIELDS: Record<PaymentMethod, FieldSpec[]> = {
  paypal: [{ name: "paypal_email", label: "PayPal e-mail", required: true, type: "email", autoComplete: "email" }],
  zelle: [{ name: "zelle_email", label: "Zelle e-mail", required: true, type: "email", autoComplete: "email" }],
  wise: [{ name: "wise_email", label: "Wise e-mail", required: true, type: "email", autoComplete: "email" }],
  ach: bankFields(),
  wire: bankFields(),
  check: [],
};

function bankFields(): FieldSpec[] {
  return [
    { name: "bank_name", label: "Bank name", required: true },
    { name: "bank_account_number", label: "Account number (or IBAN)", required: true, autoComplete: "off" },
    { name: "bank_routing_number", label: "Routing number (or SWIFT/BIC)", required: true, autoComplete: "off" },
    { name: "bank_holder_name", label: "Account holder's name", hint: "If not your legal name." },
    { name: "bank_holder_address", label: "Account holder's address" },
    { name: "bank_address", label: "Bank's address" },
    { name: "bank_additional", label: "Anything else the bank needs", hint: "Optional: intermediary bank, reference…" },
  ];
}

export const ADDRESS_FIELDS: FieldSpec[] = [
  { name: "legal_name", label: "Legal name", required: true, autoComplete: "name" },
  { name: "address_street", label: "Street address", required: true, autoComplete: "street-address" },
  { name: "address_city", label: "City", required: true, autoComplete: "address-level2" },
  { name: "address_state", label: "State or region", hint: "Optional.", autoComplete: "address-level1" },
  { name: "address_zip", label: "Postal code", required: true, autoComplete: "postal-code" },
  { name: "address_country", label: "Country", required: true, autoComplete: "country-name" },
];

/** Field labels for the masked view, in one place. */
export const LABELS: Record<string, string> = Object.fromEntries(
  [...ADDRESS_FIELDS, ...METHOD_FIELDS.paypal, ...METHOD_FIELDS.zelle, ...METHOD_FIELDS.wise, ...bankFields()].map(
    (f) => [f.name, f.label],
  ),
);
