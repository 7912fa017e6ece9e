/** Receipt types as people read them (the API's `receipt_type` values). */
import type { Schemas } from "./api/client";

export type ReceiptType = Schemas["ReceiptIn-Input"]["receipt_type"];

export const RECEIPT_TYPES: Record<ReceiptType, string> = {
  airfare: "Airfare",
  lodging: "Lodging",
  ground_transport: "Ground transport",
  visa: "Visa",
  other: "Other",
};

/** The words for a stored type (a type this app does not know yet is shown as it is). */
export function receiptTypeLabel(type: string): string {
  const known: Partial<Record<string, string>> = RECEIPT_TYPES;
  return known[type] ?? type;
}
