/** Receipt types as people read them (the API's `receipt_type` values), in the active language. */
import type { Schemas } from "./api/client";
import { translate, type MessageId } from "./i18n";

export type ReceiptType = Schemas["ReceiptIn-Input"]["receipt_type"];

/** The catalog message naming each type (in the order the upload form offers them). */
export const RECEIPT_TYPES: Record<ReceiptType, MessageId> = {
  airfare: "receiptTypes.airfare",
  lodging: "receiptTypes.lodging",
  ground_transport: "receiptTypes.ground_transport",
  visa: "receiptTypes.visa",
  other: "receiptTypes.other",
};

/** The words for a stored type (a type this app does not know yet is shown as it is). */
export function receiptTypeLabel(type: string): string {
  const known: Partial<Record<string, MessageId>> = RECEIPT_TYPES;
  const id = known[type];
  return id ? translate(id) : type;
}
