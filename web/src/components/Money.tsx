import { formatMoney } from "@/utils/money";

/** An API money string ("1500.00") shown as currency. */
export function Money({ value }: { value: string | number | null | undefined }) {
  if (value === null || value === undefined) return <span>—</span>;
  return <span className="money">{formatMoney(value)}</span>;
}
